// swift-tools-version: 6.1
// A policy of your own in cachesim, without forking it: this package adds
// MRU (evict the most recently used) to the registry and runs cachesim's own
// command line with it. `swift run -c release mru-cachesim run spec.json`.
import PackageDescription

let package = Package(
    name: "custom-policy",
    platforms: [.macOS(.v15)],
    dependencies: [.package(name: "cachesim", path: "../..")],
    targets: [
        .executableTarget(
            name: "mru-cachesim",
            dependencies: [
                .product(name: "Caches", package: "cachesim"),
                .product(name: "CacheSimCLI", package: "cachesim"),
            ]
        )
    ]
)
