//! Domain enums stored in TEXT columns, the same on both backends.
//!
//! Each enum names itself with `as_str` and is read back with `parse`; a value the code does not know is an
//! error (logged, a 500), never a silent fallback to some default.

use diesel::backend::Backend;
use diesel::deserialize::{self, FromSql};
use diesel::serialize::{self, Output, ToSql};
use diesel::sql_types::Text;

macro_rules! text_column {
    ($($ty:ty => $what:literal),* $(,)?) => {$(
        impl<DB> ToSql<Text, DB> for $ty
        where
            DB: Backend,
            str: ToSql<Text, DB>,
        {
            fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, DB>) -> serialize::Result {
                self.as_str().to_sql(out)
            }
        }

        impl<DB> FromSql<Text, DB> for $ty
        where
            DB: Backend,
            String: FromSql<Text, DB>,
        {
            fn from_sql(bytes: DB::RawValue<'_>) -> deserialize::Result<Self> {
                let s = String::from_sql(bytes)?;
                <$ty>::parse(&s).ok_or_else(|| format!(concat!("unknown ", $what, " {:?} in the database"), s).into())
            }
        }
    )*};
}

text_column!(
    crate::ideas::rules::IdeaStatus => "idea status",
    crate::challenges::rules::VoteMode => "vote mode",
    crate::accounts::rules::Role => "role",
);
