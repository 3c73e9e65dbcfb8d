//! The page frame shared by every view.

use maud::{DOCTYPE, Markup, html};

/// A full HTML page with the common header and footer.
pub fn page(title: &str, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " · strikefund" }
                link rel="stylesheet" href="/static/app.css";
            }
            body {
                header.site {
                    a.brand href="/" { "strikefund" }
                }
                main { (body) }
                footer.site {
                    p { "Every entry is hash-chained. " a href="/export/journal.jsonl" { "Download the public journal" } " and verify it yourself." }
                }
            }
        }
    }
}
