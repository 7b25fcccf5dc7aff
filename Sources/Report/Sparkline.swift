/// A row of block characters drawing a series in a terminal cell:
/// `▁▂▄▆█` rising, `▁▁▁▁▁` flat. Each series is scaled to its own range, so
/// the line shows shape (climbing or level), not size.
public enum Sparkline {
    static let blocks: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]

    /// `values` resampled to `width` cells (the last value of each bucket).
    /// Total: non-finite values are drawn as 0, and a range too wide for a
    /// Double (−1e308 … 1e308) is still scaled. O(width).
    public static func render(_ values: [Double], width: Int = 16) -> String {
        guard !values.isEmpty, width > 0 else { return "" }
        let cells = (0..<width).map { cell -> Double in
            let index = min(values.count - 1, (cell + 1) * values.count / width - 1)
            let value = values[max(0, index)]
            return value.isFinite ? value : 0
        }
        let low = min(0, cells.min()!)
        let high = cells.max()!
        guard high > low else { return String(repeating: blocks[0], count: width) }
        return String(cells.map { value in blocks[level(value, low: low, high: high)] })
    }

    /// The block for `value` in `low ... high`: 0 … 7, whatever the values.
    static func level(_ value: Double, low: Double, high: Double) -> Int {
        var fraction = (value - low) / (high - low)
        // high − low overflows past ±Double.greatestFiniteMagnitude: halve first.
        if !fraction.isFinite { fraction = (value / 2 - low / 2) / (high / 2 - low / 2) }
        guard fraction.isFinite else { return 0 }
        let scaled = min(max(fraction, 0), 1) * Double(blocks.count - 1) + 0.5
        return min(blocks.count - 1, Int(scaled))
    }
}
