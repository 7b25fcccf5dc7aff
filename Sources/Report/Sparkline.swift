/// A row of block characters drawing a series in a terminal cell:
/// `▁▂▄▆█` rising, `▁▁▁▁▁` flat. Each series is scaled to its own range, so
/// the line shows shape (climbing or level), not size.
public enum Sparkline {
    static let blocks: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]

    /// `values` resampled to `width` cells (the last value of each bucket).
    public static func render(_ values: [Double], width: Int = 16) -> String {
        guard !values.isEmpty, width > 0 else { return "" }
        let cells = (0..<width).map { cell -> Double in
            let index = min(values.count - 1, (cell + 1) * values.count / width - 1)
            return values[max(0, index)]
        }
        let low = min(0, cells.min()!)
        let high = cells.max()!
        guard high > low else { return String(repeating: blocks[0], count: width) }
        return String(cells.map { value in
            blocks[min(blocks.count - 1, Int((value - low) / (high - low) * Double(blocks.count - 1) + 0.5))]
        })
    }
}
