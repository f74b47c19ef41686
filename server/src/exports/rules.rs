//! Pure rules of exports: formats, columns, and cells that are safe to open
//! in a spreadsheet.

use serde::Serialize;

use crate::ideas::rules::Demand;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Csv,
    Json,
    Ndjson,
    Xlsx,
}

impl Format {
    pub fn parse(s: &str) -> Option<Format> {
        match s {
            "csv" => Some(Format::Csv),
            "json" => Some(Format::Json),
            "ndjson" => Some(Format::Ndjson),
            "xlsx" => Some(Format::Xlsx),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Json => "json",
            Format::Ndjson => "ndjson",
            Format::Xlsx => "xlsx",
        }
    }

    pub fn content_type(self) -> &'static str {
        match self {
            Format::Csv => "text/csv; charset=utf-8",
            Format::Json => "application/json",
            Format::Ndjson => "application/x-ndjson",
            Format::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        }
    }
}

/// A spreadsheet reads a cell that begins with one of these as a formula (or
/// strips it); such cells get a leading apostrophe, which Excel, LibreOffice
/// and Google Sheets show as text (OWASP's CSV-injection advice).
pub fn neutralize(cell: &str) -> std::borrow::Cow<'_, str> {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => std::borrow::Cow::Owned(format!("'{cell}")),
        _ => std::borrow::Cow::Borrowed(cell),
    }
}

/// One exported idea. Only public facts and public handles: no emails.
#[derive(Debug, Clone, Serialize, PartialEq, utoipa::ToSchema)]
pub struct ExportRow {
    pub id: String,
    pub url: String,
    pub title: String,
    pub summary: String,
    /// The challenge's slug (empty: the open board).
    pub challenge: String,
    pub status: String,
    pub author: String,
    pub supports: i64,
    pub supports_7d: i64,
    pub supports_30d: i64,
    pub comments: i64,
    pub tags: Vec<String>,
    /// RFC 3339, UTC.
    pub created: String,
    pub last_status_change: String,
    pub demand: Demand,
}

pub const COLUMNS: [&str; 20] = [
    "id",
    "url",
    "title",
    "summary",
    "challenge",
    "status",
    "author",
    "supports",
    "supports_7d",
    "supports_30d",
    "comments",
    "tags",
    "created",
    "last_status_change",
    "would_buy_yes",
    "would_buy_maybe",
    "would_buy_no",
    "would_buy_unanswered",
    "price_bands",
    "demand",
];

/// A cell's value: text (neutralized on output) or a number.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Number(i64),
}

impl ExportRow {
    /// The row as flat cells, in `COLUMNS` order.
    pub fn cells(&self) -> Vec<Cell> {
        let bands: Vec<String> = self.demand.price_bands.iter().map(|b| format!("{}: {}", b.band, b.count)).collect();
        vec![
            Cell::Text(self.id.clone()),
            Cell::Text(self.url.clone()),
            Cell::Text(self.title.clone()),
            Cell::Text(self.summary.clone()),
            Cell::Text(self.challenge.clone()),
            Cell::Text(self.status.clone()),
            Cell::Text(self.author.clone()),
            Cell::Number(self.supports),
            Cell::Number(self.supports_7d),
            Cell::Number(self.supports_30d),
            Cell::Number(self.comments),
            Cell::Text(self.tags.join(", ")),
            Cell::Text(self.created.clone()),
            Cell::Text(self.last_status_change.clone()),
            Cell::Number(self.demand.yes),
            Cell::Number(self.demand.maybe),
            Cell::Number(self.demand.no),
            Cell::Number(self.demand.unanswered),
            Cell::Text(bands.join("; ")),
            Cell::Text(self.demand.summary()),
        ]
    }
}

/// CSV text of cells: text cells neutralized, quoted as needed.
pub fn csv_records(rows: &[Vec<Cell>]) -> Result<Vec<u8>, csv::Error> {
    let mut w = csv::WriterBuilder::new().from_writer(Vec::new());
    for row in rows {
        let fields: Vec<String> = row
            .iter()
            .map(|c| match c {
                Cell::Text(t) => neutralize(t).into_owned(),
                Cell::Number(n) => n.to_string(),
            })
            .collect();
        w.write_record(&fields)?;
    }
    w.into_inner().map_err(|e| csv::Error::from(e.into_error()))
}

/// The byte-order mark that makes Excel read a CSV file as UTF-8.
pub const BOM: &[u8] = b"\xEF\xBB\xBF";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_cells_are_neutralized_and_others_kept() {
        for bad in ["=HYPERLINK(\"http://x\")", "+1", "-2+3", "@SUM(A1)", "\tx", "\rx"] {
            assert_eq!(neutralize(bad), format!("'{bad}"), "{bad:?}");
        }
        for good in ["Käse", "a=b", "", "1", " =x"] {
            assert_eq!(neutralize(good), good);
        }
    }

    #[test]
    fn csv_quotes_and_neutralizes_but_numbers_stay_numbers() {
        let rows =
            vec![vec![Cell::Text("=cmd|' /C calc'!A0".into()), Cell::Text("Müsli, \"bio\"".into()), Cell::Number(-3)]];
        let text = String::from_utf8(csv_records(&rows).unwrap()).unwrap();
        assert_eq!(text, "'=cmd|' /C calc'!A0,\"Müsli, \"\"bio\"\"\",-3\n");
    }

    #[test]
    fn formats() {
        for f in [Format::Csv, Format::Json, Format::Ndjson, Format::Xlsx] {
            assert_eq!(Format::parse(f.as_str()), Some(f));
        }
        assert_eq!(Format::parse("pdf"), None);
    }
}
