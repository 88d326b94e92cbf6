from kamdocs.cli.process import run

run()
