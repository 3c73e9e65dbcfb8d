//! The frame of the public pages (totals, receipts): the same language
//! switch as the signed-in pages, no navigation, no session.

use maud::{DOCTYPE, Markup, html};

use crate::i18n::{Lang, Msg, Tr};

/// What the public frame needs: the language and the current address
/// (path and query, percent-encoded) for the language switch.
#[derive(Debug, Clone, Default)]
pub struct PublicChrome {
    pub lang: Lang,
    pub here: String,
}

impl PublicChrome {
    pub fn tr(&self) -> Tr {
        Tr(self.lang)
    }
}

/// The language switch: each other language links to `/lang/<code>`,
/// which remembers the choice and comes back to `here`.
pub fn language_switch(lang: Lang, here: &str) -> Markup {
    let t = Tr(lang);
    html! {
        nav.langs aria-label=(t.t(Msg::Language)) {
            @for other in Lang::ALL {
                @if *other == lang {
                    span lang=(other.code()) aria-current="true" { (other.native_name()) }
                } @else {
                    a lang=(other.code()) hreflang=(other.code()) href={ "/lang/" (other.code()) "?next=" (here) } { (other.native_name()) }
                }
            }
        }
    }
}

/// A full public page with the common header and footer.
pub fn page(chrome: &PublicChrome, title: &str, body: Markup) -> Markup {
    let t = chrome.tr();
    html! {
        (DOCTYPE)
        html lang=(chrome.lang.code()) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " · strikefund" }
                link rel="stylesheet" href="/static/app.css";
            }
            body {
                a.skip href="#main" { (t.t(Msg::SkipToContent)) }
                header.site {
                    a.brand href="/" { "strikefund" }
                    (language_switch(chrome.lang, &chrome.here))
                }
                main id="main" { (body) }
                footer.site {
                    p {
                        (t.t(Msg::FooterChained)) " "
                        a href="/export/journal.jsonl" { (t.t(Msg::FooterDownload)) } " "
                        (t.t(Msg::FooterVerify))
                    }
                }
            }
        }
    }
}
