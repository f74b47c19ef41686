//! Typed ids: an `IdeaId` is not a `UserId`. Each is a UUID in its canonical text form (lowercase,
//! hyphenated), parsed once at the edge — a path segment, a body field, a form field — and stored in the
//! TEXT id columns on both backends. A malformed id in a path answers 404 (the path extractor's error
//! handler), in a body 422 naming the field (serde's error); nowhere else is a UUID parsed.

use std::fmt;

use diesel::backend::Backend;
use diesel::deserialize::{self, FromSql};
use diesel::serialize::{self, Output, ToSql};
use diesel::sql_types::Text;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use uuid::Uuid;

macro_rules! id_types {
    ($($name:ident => $what:literal),* $(,)?) => {$(
        #[doc = concat!("The id of ", $what, ".")]
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, diesel::AsExpression, diesel::FromSqlRow)]
        #[diesel(sql_type = Text)]
        pub struct $name(String);

        impl $name {
            /// A new id (UUIDv7: sorts by creation time).
            pub fn new() -> Self {
                $name(Uuid::now_v7().to_string())
            }

            /// The id in `s` (surrounding white space ignored), if it is a UUID.
            pub fn parse(s: &str) -> Option<Self> {
                Uuid::parse_str(s.trim()).ok().map(|u| $name(u.to_string()))
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }

            /// What this id names, for "… not found".
            pub const WHAT: &'static str = $what;
        }

        impl Default for $name {
            fn default() -> Self {
                $name::new()
            }
        }

        impl std::str::FromStr for $name {
            type Err = crate::error::AppError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                $name::parse(s).ok_or_else(|| crate::error::AppError::not_found($what))
            }
        }

        impl std::ops::Deref for $name {
            type Target = str;
            fn deref(&self) -> &str {
                &self.0
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl PartialEq<str> for $name {
            fn eq(&self, other: &str) -> bool {
                self.0 == other
            }
        }

        impl PartialEq<String> for $name {
            fn eq(&self, other: &String) -> bool {
                &self.0 == other
            }
        }

        impl PartialEq<$name> for String {
            fn eq(&self, other: &$name) -> bool {
                *self == other.0
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(&self.0)
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = std::borrow::Cow::<'de, str>::deserialize(d)?;
                $name::parse(&s).ok_or_else(|| serde::de::Error::custom(concat!("not the id of ", $what)))
            }
        }

        impl<DB> ToSql<Text, DB> for $name
        where
            DB: Backend,
            str: ToSql<Text, DB>,
        {
            fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, DB>) -> serialize::Result {
                self.0.as_str().to_sql(out)
            }
        }

        impl<DB> FromSql<Text, DB> for $name
        where
            DB: Backend,
            String: FromSql<Text, DB>,
        {
            fn from_sql(bytes: DB::RawValue<'_>) -> deserialize::Result<Self> {
                let s = String::from_sql(bytes)?;
                $name::parse(&s).ok_or_else(|| format!(concat!("malformed id of ", $what, " {:?} in the database"), s).into())
            }
        }

        impl utoipa::PartialSchema for $name {
            fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
                utoipa::openapi::ObjectBuilder::new()
                    .schema_type(utoipa::openapi::schema::Type::String)
                    .format(Some(utoipa::openapi::SchemaFormat::KnownFormat(utoipa::openapi::KnownFormat::Uuid)))
                    .description(Some(concat!("The id of ", $what, " (a UUID).")))
                    .into()
            }
        }

        impl utoipa::ToSchema for $name {}
    )*};
}

id_types!(
    UserId => "a member",
    ChallengeId => "a challenge",
    IdeaId => "an idea",
    CommentId => "a comment",
    ProductId => "a product",
    ReviewId => "a review",
    AlertId => "a product alert",
    TipId => "a tip",
    ReportId => "a report",
    UpdateId => "a creator update",
    ImageId => "an uploaded image",
    QuestionId => "a product question",
    AnswerId => "an answer to a product question",
    NewsId => "a challenge news post",
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_parse_once_into_the_canonical_form() {
        let id = IdeaId::parse(" 0190F3A4-1111-7AAA-8BBB-0123456789AB ").unwrap();
        assert_eq!(id.as_str(), "0190f3a4-1111-7aaa-8bbb-0123456789ab");
        assert_eq!(IdeaId::parse("nope"), None);
        assert_eq!(IdeaId::parse("a\u{0}b"), None);
        let json = serde_json::to_string(&id).unwrap();
        assert_eq!(serde_json::from_str::<IdeaId>(&json).unwrap(), id);
        assert!(serde_json::from_str::<IdeaId>("\"x\"").is_err());
        assert!(IdeaId::new() < IdeaId::new(), "v7 ids sort by creation");
    }
}
