from aieng_cli.app import main

main()
