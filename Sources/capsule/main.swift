import CapsuleCLI
import Foundation

exit(CapsuleCommand.run(arguments: Array(CommandLine.arguments.dropFirst())))
