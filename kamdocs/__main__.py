from kamdocs.cli.commands import run

run()
