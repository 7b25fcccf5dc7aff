import Foundation

/// The package root, found from this file's path, for reading Workloads/.
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

func workloadPath(_ name: String) -> String {
    packageRoot.appendingPathComponent("Workloads/\(name)").path
}
