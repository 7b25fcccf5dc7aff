import Caches

/// How one policy is drawn in every chart: a colour from the Okabe–Ito
/// palette (distinguishable with the common colour-vision deficiencies), a
/// dash pattern and a marker, so lines differ even in greyscale.
public struct SeriesStyle: Sendable, Hashable {
    public enum Marker: String, Sendable, CaseIterable {
        case circle, square, triangle, diamond, cross, plus, invertedTriangle
    }

    /// `#RRGGBB`.
    public var color: String
    /// SVG `stroke-dasharray`; empty for a solid line.
    public var dash: String
    public var marker: Marker

    public init(color: String, dash: String, marker: Marker) {
        self.color = color
        self.dash = dash
        self.marker = marker
    }
}

/// The stable style of each policy: the same policy has the same colour,
/// dash and marker in every chart of every report, whatever else the report
/// holds, and no two registered policies share a style.
///
/// Styles follow the registry: a policy's family (``PolicyFamily``) gives
/// its colour, so related policies read as related; its place among the
/// family's members, in registry order, gives its dash and marker — the
/// first member solid. A policy a package registers takes the next free
/// dash and marker of its family. A name the registry does not know (a
/// result from another build) gets a dashed style derived from its text.
public enum PolicyPalette {
    /// Okabe & Ito (2008), "Color Universal Design". Yellow is last: it is
    /// the hardest to see on white.
    public static let okabeIto: [String] = [
        "#000000", "#E69F00", "#56B4E9", "#009E73", "#0072B2", "#D55E00", "#CC79A7", "#F0E442",
    ]

    /// Each family's colour: recency (LRU, the usual fix) blue, the
    /// reference family (the unbounded map, the bug under study) vermillion.
    public static func color(of family: PolicyFamily) -> String {
        switch family {
        case .reference: "#D55E00"
        case .fifo: "#E69F00"
        case .recency: "#0072B2"
        case .frequency: "#CC79A7"
        case .adaptive: "#009E73"
        case .expiry: "#56B4E9"
        case .random: "#F0E442"
        case .optimal: "#000000"
        }
    }

    /// How a memory budget's line is drawn: black, dashed like every reference line.
    public static let budgetStyle = SeriesStyle(color: "#000000", dash: "3 3", marker: .plus)

    /// Dash patterns in the order a family's members take them; solid first.
    static let dashes = ["", "8 4", "2 3", "10 3 2 3", "4 2", "16 5", "1 3", "6 2 1 2"]

    /// The style of `policy`. O(policies) for a registered one, O(name
    /// length) for any other.
    public static func style(for policy: String) -> SeriesStyle { style(for: policy, among: PolicyRegistry.all) }

    /// The style of `policy` when `registered` are the policies known, in
    /// registry order.
    public static func style(for policy: String, among registered: [PolicyDescriptor]) -> SeriesStyle {
        if let descriptor = registered.first(where: { $0.name == policy }) {
            let rank = registered.filter { $0.family == descriptor.family }.firstIndex { $0.name == policy }!
            let markers = SeriesStyle.Marker.allCases
            return SeriesStyle(
                color: color(of: descriptor.family), dash: dashes[rank % dashes.count],
                marker: markers[rank % markers.count])
        }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in policy.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
        }
        let markers = SeriesStyle.Marker.allCases
        return SeriesStyle(
            color: okabeIto[Int(hash % UInt64(okabeIto.count))],
            dash: dashes[1 + Int((hash >> 8) % UInt64(dashes.count - 1))],
            marker: markers[Int((hash >> 16) % UInt64(markers.count))])
    }

    /// Orders policy names as the registry does, others after them by name.
    public static func sortKey(_ policy: String) -> (Int, String) {
        let registered = PolicyRegistry.all
        return (registered.firstIndex { $0.name == policy } ?? registered.count, policy)
    }

    /// Whether `policy` is a reference rather than a cache (the no-op
    /// floor): it has no hit ratio or memory worth a chart.
    public static func isReference(_ policy: String) -> Bool {
        PolicyRegistry.named(policy)?.capabilities.contains(.isReference) ?? false
    }
}
