/// How one policy is drawn in every chart: a colour from the Okabe–Ito
/// palette (distinguishable with the common colour-vision deficiencies), a
/// dash pattern and a marker, so lines differ even in greyscale.
public struct SeriesStyle: Sendable, Equatable {
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

/// The stable style of each policy name: the same policy has the same colour,
/// dash and marker in every chart of every report, whatever else the report
/// holds.
public enum PolicyPalette {
    /// Okabe & Ito (2008), "Color Universal Design", black first. Yellow is
    /// last: it is the hardest to see on white.
    public static let okabeIto: [String] = [
        "#000000", "#E69F00", "#56B4E9", "#009E73", "#0072B2", "#D55E00", "#CC79A7", "#F0E442",
    ]

    /// Policies in a fixed order, each with its own palette entry. The bug
    /// under study (`unbounded`) gets vermillion; LRU, the usual fix, blue.
    public static let knownPolicies: [(name: String, style: SeriesStyle)] = [
        ("unbounded", SeriesStyle(color: "#D55E00", dash: "16 5", marker: .circle)),
        ("lru", SeriesStyle(color: "#0072B2", dash: "", marker: .square)),
        ("fifo", SeriesStyle(color: "#E69F00", dash: "8 4", marker: .triangle)),
        ("clock", SeriesStyle(color: "#009E73", dash: "2 3", marker: .diamond)),
        ("2q", SeriesStyle(color: "#CC79A7", dash: "10 3 2 3", marker: .invertedTriangle)),
        ("ttl", SeriesStyle(color: "#56B4E9", dash: "4 2", marker: .cross)),
        ("noop", SeriesStyle(color: "#000000", dash: "1 3", marker: .plus)),
    ]

    /// How a memory budget's line is drawn: black, dashed like every reference line.
    public static let budgetStyle = SeriesStyle(color: "#000000", dash: "3 3", marker: .plus)

    /// Dashes for policies outside `knownPolicies`.
    static let spareDashes = ["6 2 1 2", "12 4", "3 6", "1 2"]

    /// The style of `policy`. Known names have fixed entries; any other name
    /// gets one derived from a fixed hash of its text (FNV-1a, not Swift's
    /// per-process seeded `Hasher`), so it too is the same in every report. O(name length).
    public static func style(for policy: String) -> SeriesStyle {
        if let known = knownPolicies.first(where: { $0.name == policy }) { return known.style }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in policy.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
        }
        let markers = SeriesStyle.Marker.allCases
        return SeriesStyle(
            color: okabeIto[Int(hash % UInt64(okabeIto.count))],
            dash: spareDashes[Int((hash >> 8) % UInt64(spareDashes.count))],
            marker: markers[Int((hash >> 16) % UInt64(markers.count))])
    }

    /// Orders policy names as `knownPolicies` does, others after them by name.
    public static func sortKey(_ policy: String) -> (Int, String) {
        (knownPolicies.firstIndex { $0.name == policy } ?? knownPolicies.count, policy)
    }
}
