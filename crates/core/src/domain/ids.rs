//! Typed ids: one newtype per kind of thing an id names, so that handing a capture id to a function
//! that wants an allegation id does not compile.
//!
//! Each id is the text as written (`#[serde(transparent)]` over a `String`: every file format stays
//! byte for byte what it was), compared, ordered and hashed as that text — so a
//! `BTreeMap<AllegationId, _>` or `HashMap<EventId, _>` can be looked up with a `&str` (`Borrow<str>`),
//! and `Deref<Target = str>` lets an id be read wherever text is (`id.starts_with('a')`, `&id` as a
//! `&str` argument). What the types add is only the distinction between kinds: there is no
//! `From<CaptureId> for AllegationId`, and a function that takes `&AllegationId` refuses a
//! `&CaptureId`. Converting text into an id is explicit (`AllegationId::from("a1")`), at the edges
//! where text is read (importers, the CLI's arguments, the app's DOM).
//!
//! Reviewer ids stay `String`: a reviewer is named by the text a team list or a profile gives
//! (`Event::reviewer`, `TeamMember::id`), compared with names typed in the app and the CLI, and the
//! sync documents are keyed by it; no other kind of id is ever passed in its place. Codebook finding
//! ids stay `String` too: they are codebook data, named by reviewers, not made by Exhibit.
//!
//! ```
//! use exhibit_core::domain::ids::AllegationId;
//! use exhibit_core::domain::session::Case;
//!
//! let case = Case::default();
//! assert!(case.captures_for(&AllegationId::from("a1")).is_empty());
//! ```
//!
//! The same call with a capture id is refused by the compiler:
//!
//! ```compile_fail
//! use exhibit_core::domain::ids::CaptureId;
//! use exhibit_core::domain::session::Case;
//!
//! let case = Case::default();
//! case.captures_for(&CaptureId::from("c-1"));
//! ```

macro_rules! typed_id {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        #[derive(Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
        #[serde(transparent)]
        pub struct $name(String);

        impl $name {
            pub fn new(text: impl Into<String>) -> $name {
                $name(text.into())
            }

            /// The id as written.
            pub fn as_str(&self) -> &str {
                &self.0
            }

            /// The id's text, without copying it.
            pub fn into_string(self) -> String {
                self.0
            }
        }

        /// Written as the text is (`"a1"`), so diagnostics and snapshots read as before.
        impl std::fmt::Debug for $name {
            fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                std::fmt::Debug::fmt(&self.0, formatter)
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str(&self.0)
            }
        }

        impl From<String> for $name {
            fn from(text: String) -> $name {
                $name(text)
            }
        }

        impl From<&str> for $name {
            fn from(text: &str) -> $name {
                $name(text.to_string())
            }
        }

        impl From<&String> for $name {
            fn from(text: &String) -> $name {
                $name(text.clone())
            }
        }

        impl From<$name> for String {
            fn from(id: $name) -> String {
                id.0
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl std::borrow::Borrow<str> for $name {
            fn borrow(&self) -> &str {
                &self.0
            }
        }

        impl std::ops::Deref for $name {
            type Target = str;
            fn deref(&self) -> &str {
                &self.0
            }
        }

        impl PartialEq<str> for $name {
            fn eq(&self, other: &str) -> bool {
                self.0 == other
            }
        }

        impl PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                self.0 == *other
            }
        }

        impl PartialEq<String> for $name {
            fn eq(&self, other: &String) -> bool {
                self.0 == *other
            }
        }

        impl PartialEq<&$name> for $name {
            fn eq(&self, other: &&$name) -> bool {
                self.0 == other.0
            }
        }

        impl PartialEq<$name> for str {
            fn eq(&self, other: &$name) -> bool {
                self == other.0
            }
        }

        impl PartialEq<$name> for &str {
            fn eq(&self, other: &$name) -> bool {
                *self == other.0
            }
        }

        impl PartialEq<$name> for String {
            fn eq(&self, other: &$name) -> bool {
                *self == other.0
            }
        }
    };
}

typed_id! {
    /// An allegation's id (`a1`, `a2`… as imported).
    AllegationId
}

typed_id! {
    /// A capture's id (from its bundle manifest, or made from its file's name).
    CaptureId
}

typed_id! {
    /// A citation's id (made by the caller, unique in the log).
    CitationId
}

typed_id! {
    /// A review log event's id (made by the caller, unique across tabs, sessions and reviewers).
    EventId
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    /// The ids are the text as written in every file format: each serialises as a bare JSON string,
    /// reads back equal, and writes the same bytes again.
    #[test]
    fn serde_round_trips_each_id_unchanged() {
        fn round_trip<T>(text: &str) -> T
        where
            T: serde::Serialize + serde::de::DeserializeOwned + PartialEq + std::fmt::Debug + From<&'static str>,
        {
            let json = serde_json::to_string(text).expect("json");
            let id: T = serde_json::from_str(&json).expect("reads");
            assert_eq!(serde_json::to_string(&id).expect("writes"), json, "{text} round-trips byte for byte");
            id
        }
        for text in ["a1", "capture-ü 1", "c\"quoted\"", "", "01HX3F7Z/ev:9"] {
            assert_eq!(round_trip::<AllegationId>(text), text);
            assert_eq!(round_trip::<CaptureId>(text), text);
            assert_eq!(round_trip::<CitationId>(text), text);
            assert_eq!(round_trip::<EventId>(text), text);
        }
        let list: Vec<CaptureId> = serde_json::from_str(r#"["c1","c2"]"#).expect("list");
        assert_eq!(serde_json::to_string(&list).expect("list"), r#"["c1","c2"]"#);
    }

    /// Maps keyed by an id are looked up with text, ordered as the text, and written as before.
    #[test]
    fn map_keys_borrow_as_text() {
        let mut verdicts: BTreeMap<AllegationId, u32> = BTreeMap::new();
        verdicts.insert(AllegationId::from("a10"), 10);
        verdicts.insert(AllegationId::from("a2"), 2);
        assert_eq!(verdicts.get("a2"), Some(&2));
        assert_eq!(verdicts.keys().map(AllegationId::as_str).collect::<Vec<_>>(), ["a10", "a2"]);
        assert_eq!(serde_json::to_string(&verdicts).expect("json"), r#"{"a10":10,"a2":2}"#);
        let id = EventId::from("e1");
        let text = String::from("e1");
        assert_eq!(id, "e1");
        assert_eq!(id, *"e1");
        assert_eq!(id, text);
        assert_eq!(text, id);
        assert_eq!("e1", id);
        assert!(id.starts_with('e'));
        assert_eq!(id.to_string(), "e1");
    }
}
