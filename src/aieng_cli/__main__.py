from aieng_cli.cli import main

main()
