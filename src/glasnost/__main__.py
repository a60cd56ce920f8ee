from glasnost.cli import main

main()
