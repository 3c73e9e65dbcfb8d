//! A bar chart of monthly donations against payouts, as inline SVG: no
//! script, no font, no external file. Heights are computed in integers from
//! minor units, so the chart needs no floating point either.

use maud::{Markup, html};

use crate::i18n::{Msg, Tr};

/// One month of one currency.
pub struct ChartMonth {
    /// `YYYY-MM`.
    pub month: String,
    pub donated_minor: i64,
    pub paid_minor: i64,
    /// The amounts formatted for people, for the bars' tooltips.
    pub donated: String,
    pub paid: String,
}

/// The chart of one currency.
pub struct ChartView {
    pub currency: String,
    pub months: Vec<ChartMonth>,
}

const PLOT_HEIGHT_PX: i64 = 160;
const MONTH_WIDTH_PX: i64 = 28;
const BAR_WIDTH_PX: i64 = 11;
const MARGIN_LEFT_PX: i64 = 8;
const MARGIN_TOP_PX: i64 = 8;
const LABEL_HEIGHT_PX: i64 = 22;

/// Bar height for `minor` on a scale whose top is `max_minor`.
fn bar_height(minor: i64, max_minor: i64) -> i64 {
    if minor <= 0 || max_minor <= 0 {
        return 0;
    }
    let height = i128::from(minor) * i128::from(PLOT_HEIGHT_PX) / i128::from(max_minor);
    // A month with any money shows at least a sliver.
    (height as i64).max(1)
}

/// The month as a short label: `08/20`.
fn short_month(month: &str) -> String {
    match (month.get(2..4), month.get(5..7)) {
        (Some(year), Some(month)) => format!("{month}/{year}"),
        _ => month.to_string(),
    }
}

pub fn chart(view: &ChartView, t: Tr) -> Markup {
    let max = view.months.iter().flat_map(|m| [m.donated_minor, m.paid_minor]).max().unwrap_or(0);
    let width = MARGIN_LEFT_PX * 2 + MONTH_WIDTH_PX * view.months.len().max(1) as i64;
    let height = MARGIN_TOP_PX + PLOT_HEIGHT_PX + LABEL_HEIGHT_PX;
    let baseline = MARGIN_TOP_PX + PLOT_HEIGHT_PX;
    let label_every = (view.months.len() / 12).max(1);
    let title_id = format!("chart-{}", view.currency);
    html! {
        figure.chart {
            svg.chart viewBox={ "0 0 " (width) " " (height) } role="img" aria-labelledby=(title_id) {
                title id=(title_id) { (t.fmt(Msg::ChartTitle, &[&view.currency])) }
                line.axis x1=(MARGIN_LEFT_PX) y1=(baseline) x2=(width - MARGIN_LEFT_PX) y2=(baseline) {}
                @for (index, month) in view.months.iter().enumerate() {
                    @let x = MARGIN_LEFT_PX + index as i64 * MONTH_WIDTH_PX + 3;
                    @let donated = bar_height(month.donated_minor, max);
                    @let paid = bar_height(month.paid_minor, max);
                    rect.donated x=(x) y=(baseline - donated) width=(BAR_WIDTH_PX) height=(donated) {
                        title { (t.fmt(Msg::ChartDonated, &[&month.month, &format!("{} {}", month.donated, view.currency)])) }
                    }
                    rect.paid x=(x + BAR_WIDTH_PX) y=(baseline - paid) width=(BAR_WIDTH_PX) height=(paid) {
                        title { (t.fmt(Msg::ChartPaid, &[&month.month, &format!("{} {}", month.paid, view.currency)])) }
                    }
                    @if index % label_every == 0 {
                        text x=(x + BAR_WIDTH_PX) y=(baseline + 15) text-anchor="middle" font-size="9" { (short_month(&month.month)) }
                    }
                }
            }
            figcaption {
                strong { (view.currency) } " " (t.t(Msg::ChartCaption)) " "
                span.key.donated { (t.t(Msg::ChartKeyDonated)) } " " (t.t(Msg::And)) " "
                span.key.paid { (t.t(Msg::ChartKeyPaid)) } "."
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_scale_in_integers_and_never_vanish() {
        assert_eq!(bar_height(100, 100), PLOT_HEIGHT_PX);
        assert_eq!(bar_height(50, 100), PLOT_HEIGHT_PX / 2);
        assert_eq!(bar_height(1, 1_000_000_000), 1);
        assert_eq!(bar_height(0, 100), 0);
        assert_eq!(short_month("2020-08"), "08/20");
    }

    #[test]
    fn the_chart_is_svg_without_scripts_or_styles() {
        let view = ChartView {
            currency: "EUR".into(),
            months: vec![ChartMonth {
                month: "2020-08".into(),
                donated_minor: 150_000,
                paid_minor: 50_000,
                donated: "1,500.00".into(),
                paid: "500.00".into(),
            }],
        };
        let markup = chart(&view, Tr(crate::i18n::Lang::Be)).into_string();
        assert!(markup.contains("2020-08: ахвяравана 1,500.00 EUR"), "{markup}");
        assert!(markup.contains("<svg"));
        assert!(markup.contains("height=\"160\""), "{markup}");
        assert!(!markup.contains("<script") && !markup.contains("style="));
    }
}
