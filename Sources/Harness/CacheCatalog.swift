import Caches
import Products

/// Every cache a spec may name: the simulated policies of
/// ``PolicyRegistry`` (built-in and registered), then the real products of
/// ``ProductRegistry``. The harness resolves names here, so a spec mixes
/// both freely.
public enum CacheCatalog {
    /// Policies, then products.
    public static var all: [PolicyDescriptor] { PolicyRegistry.all + ProductRegistry.all }

    /// The policy or product named `name`, or `nil`.
    public static func named(_ name: String) -> PolicyDescriptor? {
        PolicyRegistry.named(name) ?? ProductRegistry.named(name)
    }
}
