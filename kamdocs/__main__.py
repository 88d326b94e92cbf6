from kamdocs.cli.process import kamdocs

kamdocs()
