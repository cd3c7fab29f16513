import CapsuleCLI

CapsuleCommand.main()
