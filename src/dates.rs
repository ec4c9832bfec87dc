//! Calendar dates as documents use them: YYYY-MM-DD text, no time zone, no clock.

/// Days in a month of a year (1–12).
pub fn days_in_month(year: i64, month: u32) -> u32 {
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// The date if `text` is a real YYYY-MM-DD date.
pub fn parse(text: &str) -> Option<(i64, u32, u32)> {
    let parts: Vec<&str> = text.split('-').collect();
    let [y, m, d] = parts.as_slice() else {
        return None;
    };
    if y.len() != 4 || m.len() != 2 || d.len() != 2 {
        return None;
    }
    let (y, m, d): (i64, u32, u32) = (y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
    ((1..=12).contains(&m) && d >= 1 && d <= days_in_month(y, m)).then_some((y, m, d))
}

/// A date `months` later, the day clamped to the month's length (Jan 31 + 1 → Feb 28).
pub fn add_months(date: &str, months: i64) -> String {
    let Some((y, m, d)) = parse(date) else {
        return date.to_string();
    };
    let total = y * 12 + i64::from(m) - 1 + months;
    let (y, m) = (total.div_euclid(12), (total.rem_euclid(12) + 1) as u32);
    format!("{y:04}-{m:02}-{:02}", d.min(days_in_month(y, m)))
}

/// The calendar date of a day count since 1970-01-01 (Howard Hinnant's algorithm).
pub fn from_days(days: i64) -> String {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_validated_computed_and_moved() {
        assert_eq!(from_days(0), "1970-01-01");
        assert_eq!(from_days(20_417), "2025-11-25");
        assert_eq!(from_days(-1), "1969-12-31");
        assert!(parse("2026-02-29").is_none());
        assert!(parse("2024-02-29").is_some());
        assert!(parse("25.11.2026").is_none());
        assert_eq!(add_months("2026-11-25", 12), "2027-11-25");
        assert_eq!(add_months("2026-01-31", 1), "2026-02-28");
        assert_eq!(add_months("2027-12-15", 3), "2028-03-15");
    }
}
