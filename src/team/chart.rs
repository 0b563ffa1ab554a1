//! The eight-week trend as a small hand-drawn SVG (drawn with `html!`, as every screen): three lines (contacts, after hours, outside
//! agreements) told apart by dash pattern and marker shape as well as colour, with a legend and the
//! same numbers as a table. No chart crate, and whole-pixel coordinates (no float formatting in the
//! WASM): the geometry is a few lines of integer arithmetic.

use super::model::{Counts, TrendPoint};
use super::words::TeamText;
use crate::markup::{html, Markup};
use crate::words::Language;
use crate::words::Said;
use std::fmt::Write;

const WIDTH: u32 = 320;
const HEIGHT: u32 = 150;
const LEFT: u32 = 30;
const RIGHT: u32 = 10;
const TOP: u32 = 10;
const BOTTOM: u32 = 24;

/// Takes one figure from a week's counts.
type Figure = fn(&Counts) -> u32;

/// The three series, in legend order: their words and the figure each takes from a week.
const SERIES: [(TeamText, Figure); 3] = [
    (TeamText::Contacts, |c| c.contacts),
    (TeamText::AfterHours, |c| c.after_hours_contacts),
    (TeamText::OutsideAgreement, |c| c.outside_agreement_contacts),
];

/// The drawing: per series a line path and a marker path; the top of the scale; the x of each week.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Geometry {
    pub(crate) lines: [String; 3],
    pub(crate) marks: [String; 3],
    pub(crate) max: u32,
    pub(crate) xs: Vec<u32>,
}

/// Lays out `points` (oldest first). A week with no figures breaks the lines instead of drawing
/// them to zero.
pub(crate) fn geometry(points: &[TrendPoint]) -> Geometry {
    let max = points
        .iter()
        .filter_map(|p| p.counts)
        .flat_map(|c| SERIES.map(|(_, figure)| figure(&c)))
        .max()
        .unwrap_or(0)
        .max(1);
    let gaps = (points.len().max(2) - 1) as u32;
    let xs: Vec<u32> = (0..points.len() as u32)
        .map(|i| LEFT + i * (WIDTH - LEFT - RIGHT) / gaps)
        .collect();
    let plot = HEIGHT - TOP - BOTTOM;
    let y = |value: u32| TOP + (max - value.min(max)) * plot / max;
    let mut lines: [String; 3] = Default::default();
    let mut marks: [String; 3] = Default::default();
    for (series, (_, figure)) in SERIES.iter().enumerate() {
        let mut joined = false;
        for (point, x) in points.iter().zip(&xs) {
            let Some(counts) = point.counts else {
                joined = false;
                continue;
            };
            let y = y(figure(&counts));
            let _ = write!(lines[series], "{}{x} {y}", if joined { "L" } else { "M" });
            joined = true;
            marks[series].push_str(&marker(series, *x, y));
        }
    }
    Geometry {
        lines,
        marks,
        max,
        xs,
    }
}

/// A dot, a square or a triangle centred at (x, y).
fn marker(series: usize, x: u32, y: u32) -> String {
    match series {
        0 => format!("M{} {y}a3 3 0 1 0 6 0a3 3 0 1 0-6 0", x - 3),
        1 => format!("M{} {}h6v6h-6z", x - 3, y - 3),
        _ => format!("M{x} {}l4 7h-8z", y - 4),
    }
}

/// The figure: the chart, its caption and legend, and the numbers as a table.
pub(crate) fn trend(language: Language, points: &[TrendPoint]) -> Markup {
    let shape = geometry(points);
    let bottom = HEIGHT - BOTTOM;
    let say = |key: TeamText| key.said(language);
    html! {
        figure.trend data-testid="trend" {
            svg viewBox={ "0 0 " (WIDTH) " " (HEIGHT) } role="img" aria-labelledby="trend-caption" {
                path.trend-axis d={ "M" (LEFT) " " (TOP) "V" (bottom) "H" (WIDTH - RIGHT) } {}
                text x=(LEFT - 4) y=(TOP + 4) text-anchor="end" { (shape.max) }
                text x=(LEFT - 4) y=(bottom) text-anchor="end" { "0" }
                @for (point, x) in points.iter().zip(&shape.xs) {
                    text x=(x) y=(HEIGHT - 6) text-anchor="middle" { (point.week.week()) }
                }
                @for i in 0..3 {
                    path class={ "trend-line s" (i) } d=(shape.lines[i]) {}
                    path class={ "trend-mark s" (i) } d=(shape.marks[i]) {}
                }
            }
            figcaption #trend-caption.small { (say(TeamText::ChartCaption)) }
            ul.legend.small {
                @for (i, (key, _)) in SERIES.iter().enumerate() {
                    li {
                        svg.legend-key viewBox="0 0 30 12" aria-hidden="true" {
                            path class={ "trend-line s" (i) } d="M1 6H29" {}
                            path class={ "trend-mark s" (i) } d=(marker(i, 15, 6)) {}
                        }
                        (say(*key))
                    }
                }
            }
            details.more-fields {
                summary { (say(TeamText::ShowAsTable)) }
                div.table-wrap {
                    table data-testid="trend-table" {
                        thead { tr {
                            th scope="col" { (say(TeamText::Week)) }
                            @for (key, _) in SERIES { th scope="col" { (say(key)) } }
                        } }
                        tbody {
                            @for point in points {
                                tr {
                                    th scope="row" { (point.week.week()) }
                                    @for (_, figure) in SERIES {
                                        td { @match point.counts { Some(counts) => (figure(&counts)), None => "–" } }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use peerline_core::IsoWeek;

    fn point(week: u32, counts: Option<(u32, u32, u32)>) -> TrendPoint {
        TrendPoint {
            week: IsoWeek::new(2026, week).unwrap_or(IsoWeek::of(chrono::NaiveDate::MIN)),
            counts: counts.map(|(contacts, after, outside)| Counts {
                contacts,
                after_hours_contacts: after,
                outside_agreement_contacts: outside,
                ..Counts::default()
            }),
        }
    }

    #[test]
    fn values_map_to_the_plot_and_gaps_break_the_lines() {
        let shape = geometry(&[
            point(46, Some((10, 0, 5))),
            point(47, None),
            point(48, Some((4, 2, 0))),
        ]);
        assert_eq!(shape.max, 10);
        assert_eq!(shape.xs, vec![30, 170, 310]);
        // 10 of 10 is the top (y 10), 0 the bottom (y 126), 5 halfway.
        assert_eq!(shape.lines[0], "M30 10M310 79");
        assert_eq!(shape.lines[1], "M30 126M310 102");
        assert_eq!(shape.lines[2], "M30 68M310 126");
        assert_eq!(
            shape.marks[1].matches('z').count(),
            2,
            "a square per known week"
        );
    }

    #[test]
    fn consecutive_weeks_are_joined_and_an_empty_trend_still_has_a_scale() {
        let shape = geometry(&[point(47, Some((1, 0, 0))), point(48, Some((2, 0, 0)))]);
        assert_eq!(shape.lines[0], "M30 68L310 10");
        let empty = geometry(&[point(47, None), point(48, None)]);
        assert_eq!(empty.max, 1);
        assert!(empty.lines.iter().all(String::is_empty));
    }

    #[test]
    fn the_table_says_what_the_lines_show() {
        let html =
            trend(Language::En, &[point(47, None), point(48, Some((4, 2, 1)))]).into_string();
        assert!(html.contains("<tr><th scope=\"row\">47</th><td>–</td><td>–</td><td>–</td></tr>"));
        assert!(html.contains("<tr><th scope=\"row\">48</th><td>4</td><td>2</td><td>1</td></tr>"));
        assert!(html.contains("Outside agreements"));
        assert_eq!(
            html.matches("<path class=\"trend-line").count(),
            6,
            "3 lines + 3 legend keys"
        );
    }
}
