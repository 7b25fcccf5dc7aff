// swift-tools-version: 6.1
// cachesim: cache-policy simulation and benchmarking.
//
// Modules follow the one-way pipeline of shared/DESIGN.md:
//   CGSL, CPrefetch → Stats;  Caches (standalone);  Caches, CSpawn → Products (real caches);
//   Stats, Caches, CCompression → Workload;  Products, Workload → Harness → Report
//   → CacheSimCLI (the command line, a library) → cachesim (its main).
import PackageDescription

let package = Package(
    name: "cachesim",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "cachesim", targets: ["cachesim"]),
        .library(name: "Caches", targets: ["Caches"]),
        // The command line as a library: a package that registers its own
        // policies runs it with them (Examples/custom-policy).
        .library(name: "CacheSimCLI", targets: ["CacheSimCLI"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift", from: "0.2.0"),
        // `swift package generate-documentation --target Caches`: the library's DocC catalog. A plugin only.
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CGSL",
            pkgConfig: "gsl",
            providers: [.apt(["libgsl-dev"])]
        ),
        .target(name: "Stats", dependencies: ["CGSL", "CPrefetch"]),
        // zlib (gzip), libzstd and liblzma (xz), for compressed traces; Scripts/install-deps installs them.
        .systemLibrary(
            name: "CCompression",
            pkgConfig: "libzstd",
            providers: [.apt(["zlib1g-dev", "libzstd-dev", "liblzma-dev"])]
        ),
        .target(name: "CMallocInfo"),
        .target(name: "CPrefetch"),
        .target(name: "Caches", dependencies: ["CPrefetch"]),
        // Real caches the harness drives beside the policies (Redis and
        // memcached servers it starts, Foundation's NSCache): processes,
        // sockets and protocols live here, behind the replay face.
        .target(name: "CSpawn"),
        .target(name: "Products", dependencies: ["Caches", "CSpawn"]),
        .target(name: "Workload", dependencies: ["Stats", "Caches", "CCompression"]),
        .target(
            name: "Harness",
            dependencies: [
                "Stats", "Caches", "Products", "Workload", "CMallocInfo",
                .product(name: "Histogram", package: "hdrhistogram-swift"),
            ]
        ),
        .target(name: "Report", dependencies: ["Stats", "Caches", "Products", "Harness"]),
        .target(
            name: "CacheSimCLI",
            dependencies: [
                "Stats", "Caches", "Products", "Workload", "Harness", "Report",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "cachesim", dependencies: ["CacheSimCLI"]),
        // Benchmarks: speed and memory figures are printed here, never asserted in timed tests.
        .executableTarget(
            name: "CacheBenchmark", dependencies: ["Caches", "CMallocInfo"], path: "Benchmarks/CacheBenchmark"),
        .executableTarget(
            name: "WorkloadBenchmark", dependencies: ["Workload", "Stats"], path: "Benchmarks/WorkloadBenchmark"),
        .executableTarget(
            name: "PolicyBenchmark", dependencies: ["Caches", "Workload"], path: "Benchmarks/PolicyBenchmark"),
        .executableTarget(
            name: "HarnessBenchmark", dependencies: ["Harness", "Workload", "Caches"],
            path: "Benchmarks/HarnessBenchmark"),
        .executableTarget(
            name: "TraceBenchmark", dependencies: ["Workload", "Caches", "CMallocInfo"],
            path: "Benchmarks/TraceBenchmark"),
        // Fuzzing: Scripts/fuzz builds this with -sanitize=fuzzer; an ordinary build replays inputs from files.
        .target(name: "CFuzzDriver", path: "Fuzz/CFuzzDriver"),
        .executableTarget(name: "FuzzTarget", dependencies: ["TestSupport", "CFuzzDriver"], path: "Fuzz/FuzzTarget"),
        .target(
            name: "TestSupport", dependencies: ["Caches", "CMallocInfo", "Workload", "Harness", "Report"],
            path: "Tests/TestSupport"),
        .testTarget(name: "StatsTests", dependencies: ["Stats"]),
        .testTarget(name: "CachesTests", dependencies: ["Caches", "TestSupport"], exclude: ["Fixtures"]),
        .testTarget(
            name: "WorkloadTests",
            dependencies: ["Workload", "Stats", "Caches", "CCompression", "Harness", "TestSupport"]),
        .testTarget(
            name: "HarnessTests", dependencies: ["Harness", "Workload", "Caches", "Stats", "TestSupport"],
            exclude: ["Fixtures"]),
        // The real servers (Scripts/install-deps installs them): started, driven, checked and stopped.
        .testTarget(name: "ProductsTests", dependencies: ["Products", "Caches", "TestSupport"]),
        .testTarget(name: "CLITests", dependencies: ["Caches", "Harness", "Workload", "TestSupport"]),
        .testTarget(name: "ReportTests", dependencies: ["Report", "Harness", "Caches"], exclude: ["Fixtures"]),
    ]
)
