// TEMPORARY: compile-only stand-ins until the Workload module lands. Delete on merge.
extension WorkloadSpec {
    public static func load(path: String) throws -> WorkloadSpec { fatalError() }
    public func makeStream(seed: UInt64) throws -> any RequestStream { fatalError() }
}
