//! The interface languages and their catalogs. Every string a signed-in
//! page shows comes from here: Belarusian, Russian and English, chosen by
//! the remembered language switch, else by the browser's Accept-Language.

use std::fmt;

/// An interface language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    Be,
    Ru,
    #[default]
    En,
}

/// Longest Accept-Language header looked at, in bytes.
pub const ACCEPT_LANGUAGE_BYTES_MAX: usize = 512;

impl Lang {
    pub const ALL: &'static [Lang] = &[Lang::Be, Lang::Ru, Lang::En];

    /// The BCP 47 code, as in `lang="be"` and the language cookie.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Be => "be",
            Lang::Ru => "ru",
            Lang::En => "en",
        }
    }

    /// The language's name in itself, as a language switch shows it.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::Be => "Беларуская",
            Lang::Ru => "Русский",
            Lang::En => "English",
        }
    }

    pub fn parse(code: &str) -> Option<Lang> {
        Lang::ALL.iter().copied().find(|l| l.code() == code)
    }

    /// The best language for an Accept-Language header (`be-BY,ru;q=0.8`),
    /// English when none of ours is asked for.
    pub fn negotiate(accept_language: &str) -> Lang {
        let header = accept_language.get(..ACCEPT_LANGUAGE_BYTES_MAX).unwrap_or(accept_language);
        let mut best: Option<(u32, Lang)> = None;
        for (position, item) in header.split(',').enumerate().take(32) {
            let mut parts = item.trim().split(';');
            let tag = parts.next().unwrap_or("").trim().to_ascii_lowercase();
            let primary = tag.split('-').next().unwrap_or("");
            let Some(lang) = Lang::parse(primary) else { continue };
            let quality = parts
                .find_map(|p| p.trim().strip_prefix("q="))
                .and_then(|q| q.parse::<f32>().ok())
                .unwrap_or(1.0);
            // Quality in thousandths, ties broken by order in the header.
            let score = ((quality.clamp(0.0, 1.0) * 1000.0) as u32) * 64 + (63 - position.min(63) as u32);
            if quality > 0.0 && best.is_none_or(|(s, _)| score > s) {
                best = Some((score, lang));
            }
        }
        best.map_or(Lang::En, |(_, lang)| lang)
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

macro_rules! catalog {
    ($($key:ident { en: $en:literal, ru: $ru:literal, be: $be:literal, })*) => {
        /// A message of the interface.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum Msg { $($key,)* }

        impl Msg {
            pub const ALL: &'static [Msg] = &[$(Msg::$key,)*];

            pub fn text(self, lang: Lang) -> &'static str {
                match (self, lang) {
                    $((Msg::$key, Lang::En) => $en, (Msg::$key, Lang::Ru) => $ru, (Msg::$key, Lang::Be) => $be,)*
                }
            }
        }
    };
}

/// Translates for one language. Placeholders are `{0}`, `{1}` …
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Tr(pub Lang);

impl Tr {
    pub fn t(self, msg: Msg) -> &'static str {
        msg.text(self.0)
    }

    /// The message with `{0}`, `{1}` … replaced by `args`.
    pub fn fmt(self, msg: Msg, args: &[&str]) -> String {
        let mut text = msg.text(self.0).to_string();
        for (index, arg) in args.iter().enumerate() {
            text = text.replace(&format!("{{{index}}}"), arg);
        }
        text
    }
}

include!("catalog.rs");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_message_is_translated_with_the_same_placeholders() {
        for msg in Msg::ALL {
            let placeholders = |lang: Lang| {
                let text = msg.text(lang);
                (0..4).filter(|i| text.contains(&format!("{{{i}}}"))).count()
            };
            for lang in Lang::ALL {
                assert!(!msg.text(*lang).trim().is_empty(), "{msg:?} is empty in {lang}");
                assert_eq!(placeholders(*lang), placeholders(Lang::En), "{msg:?} in {lang}");
            }
            if msg.text(Lang::En).chars().any(|c| c.is_ascii_alphabetic()) && msg.text(Lang::En).len() > 3 {
                assert_ne!(msg.text(Lang::Ru), msg.text(Lang::En), "{msg:?} is not translated to Russian");
            }
        }
    }

    #[test]
    fn accept_language_picks_the_best_of_ours() {
        assert_eq!(Lang::negotiate("be-BY,be;q=0.9,ru;q=0.8"), Lang::Be);
        assert_eq!(Lang::negotiate("de-DE,ru;q=0.7,en;q=0.5"), Lang::Ru);
        assert_eq!(Lang::negotiate("en-US,ru;q=0.9"), Lang::En);
        assert_eq!(Lang::negotiate("fr"), Lang::En);
        assert_eq!(Lang::negotiate(""), Lang::En);
        assert_eq!(Lang::negotiate("ru;q=0, be;q=0.1"), Lang::Be);
    }

    #[test]
    fn placeholders_are_filled() {
        let text = Tr(Lang::En).fmt(Msg::EnvelopeShort, &["1,200.00 EUR", "1,500.00 EUR"]);
        assert_eq!(text, "available 1,200.00 EUR, needed 1,500.00 EUR");
    }
}
