import Harness

/// Each real product's hit ratio as a bar, followed by the bars of the
/// simulated policies replayed on the same stream at its effective entry
/// capacity (exact LRU, and its model: `redis-lru`, `redis-lfu`…), so a
/// sampled LRU's distance from exact LRU reads at a glance. Colours follow
/// each policy's palette entry, as in every other chart.
public enum ProductChart {
    /// `nil` when no run of `result` has a product. O(product runs × models).
    public static func make(_ result: ExperimentResult, id: String) -> SVGChart? {
        let entries = ProductSection.entries(result)
        guard !entries.isEmpty else { return nil }
        var bars: [ChartBar] = []
        for entry in entries {
            let ratio = ProductSection.hitRatio(entry.product)
            bars.append(
                ChartBar(
                    label: entry.name, value: ratio, style: PolicyPalette.style(for: entry.run.policy),
                    valueText: Formatting.percent(ratio), legendName: entry.run.policy))
            for model in entry.product.models {
                bars.append(
                    ChartBar(
                        label: "\(entry.name) → \(ProductSection.modelName(model))", value: model.hitRatio,
                        style: PolicyPalette.style(for: model.policy),
                        valueText:
                            "\(Formatting.percent(model.hitRatio)) (product \(ProductSection.points(ratio, minus: model.hitRatio)) points)",
                        legendName: model.policy))
            }
        }
        return SVGChart(
            id: id, title: "\(result.workload.name): real products beside simulated policies",
            summary: "Hit ratio of each real product (client counts, checked against the server's), and below it "
                + "the simulated policies replayed on the same stream at the entry capacity the product's limit came to. "
                + bars.map { "\($0.label) \($0.valueText)" }.joined(separator: ", ") + ".",
            body: .bars(x: ChartAxis.percent("hit ratio"), bars: bars))
    }
}
