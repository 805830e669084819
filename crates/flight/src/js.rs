//! How JavaScript writes numbers and dates as text, for `String(x)` and for
//! `Date` values that travel as ISO strings.

/// JavaScript's `Number.prototype.toString()`: the shortest digits that read back
/// to the same number, in plain notation from 0.000001 up to 1e21 and in exponent
/// notation (`1e+21`, `1e-7`) outside it.
pub fn js_number(n: f64) -> String {
    if n.is_nan() {
        return "NaN".into();
    }
    if n.is_infinite() {
        return if n > 0.0 { "Infinity" } else { "-Infinity" }.into();
    }
    if n == 0.0 {
        return "0".into();
    }
    let sign = if n < 0.0 { "-" } else { "" };
    // Rust's `{:e}` gives the shortest round-trip digits: "1.5e-7".
    let exp_form = format!("{:e}", n.abs());
    let (mantissa, exponent) = exp_form.split_once('e').unwrap_or((&exp_form, "0"));
    let digits: String = mantissa.chars().filter(|c| *c != '.').collect();
    let exponent: i32 = exponent.parse().unwrap_or(0);
    let k = digits.len() as i32;
    let n_pos = exponent + 1; // the position of the decimal point, as in the ECMAScript spec
    let body = if k <= n_pos && n_pos <= 21 {
        format!("{digits}{}", "0".repeat((n_pos - k) as usize))
    } else if 0 < n_pos && n_pos <= 21 {
        format!(
            "{}.{}",
            &digits[..n_pos as usize],
            &digits[n_pos as usize..]
        )
    } else if -6 < n_pos && n_pos <= 0 {
        format!("0.{}{digits}", "0".repeat((-n_pos) as usize))
    } else {
        let e = n_pos - 1;
        let e = if e >= 0 {
            format!("+{e}")
        } else {
            e.to_string()
        };
        if k == 1 {
            format!("{digits}e{e}")
        } else {
            format!("{}.{}e{e}", &digits[..1], &digits[1..])
        }
    };
    format!("{sign}{body}")
}

const MS_PER_DAY: i64 = 86_400_000;
/// The largest time a JavaScript Date can hold, in ms either side of 1970.
const MAX_TIME: f64 = 8.64e15;

/// Parses the date format `Date.prototype.toISOString` writes (the only one React
/// sends): `2026-11-30T04:00:00.000Z`, or with a six-digit signed year
/// (`+275760-09-13T00:00:00.000Z`). Milliseconds and seconds may be left out, as
/// `Date.parse` allows. Anything else is an Invalid Date (`None`); `Date.parse` also
/// accepts other, implementation-defined formats, which this does not model.
pub fn parse_iso_date(text: &str) -> Option<f64> {
    let (year, rest) = match text.as_bytes().first()? {
        b'+' | b'-' => {
            let year: i64 = text.get(1..7)?.parse().ok()?;
            let year = if text.starts_with('-') { -year } else { year };
            if text.starts_with("-000000") {
                return None;
            }
            (year, text.get(7..)?)
        }
        _ => (text.get(..4)?.parse().ok()?, text.get(4..)?),
    };
    let rest = rest.strip_suffix('Z')?;
    let number = |s: Option<&str>| -> Option<i64> {
        let s = s?;
        (s.bytes().all(|b| b.is_ascii_digit()) && !s.is_empty()).then(|| s.parse().ok())?
    };
    let (date, time) = rest.split_once('T')?;
    let month = number(date.strip_prefix('-')?.get(..2))?;
    let day = number(date.get(4..).filter(|_| date.get(3..4) == Some("-")))?;
    let (hms, millis) = match time.split_once('.') {
        Some((hms, ms)) if ms.len() == 3 => (hms, number(Some(ms))?),
        Some(_) => return None,
        None => (time, 0),
    };
    let mut clock = hms.split(':');
    let hour = number(clock.next())?;
    let minute = number(clock.next())?;
    let second = clock.next().map_or(Some(0), |s| number(Some(s)))?;
    if clock.next().is_some()
        || !(1..=12).contains(&month)
        || day < 1
        || day > days_in_month(year, month)
    {
        return None;
    }
    if hour > 24
        || minute > 59
        || second > 59
        || (hour == 24 && (minute, second, millis) != (0, 0, 0))
    {
        return None;
    }
    let days = days_from_civil(year, month, day);
    let ms = days * MS_PER_DAY + ((hour * 60 + minute) * 60 + second) * 1000 + millis;
    let ms = ms as f64;
    (ms.abs() <= MAX_TIME).then_some(ms)
}

/// `Date.prototype.toISOString`.
pub fn iso_string(ms: f64) -> String {
    let (year, month, day, hour, minute, second, millis) = civil(ms);
    let year = if (0..=9999).contains(&year) {
        format!("{year:04}")
    } else {
        format!("{}{:06}", if year < 0 { '-' } else { '+' }, year.abs())
    };
    format!("{year}-{month:02}-{day:02}T{hour:02}:{minute:02}:{second:02}.{millis:03}Z")
}

/// `Date.prototype.toString` in UTC: `Mon Nov 30 2026 04:00:00 GMT+0000 (Coordinated Universal Time)`.
pub fn date_to_string(ms: f64) -> String {
    const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let (year, month, day, hour, minute, second, _) = civil(ms);
    let weekday = DAYS[(ms as i64).div_euclid(MS_PER_DAY).rem_euclid(7) as usize];
    let year = if year < 0 {
        format!("-{:06}", -year)
    } else {
        format!("{year:04}")
    };
    format!(
        "{weekday} {} {day:02} {year} {hour:02}:{minute:02}:{second:02} GMT+0000 (Coordinated Universal Time)",
        MONTHS[(month - 1) as usize]
    )
}

fn civil(ms: f64) -> (i64, i64, i64, i64, i64, i64, i64) {
    let ms = ms as i64;
    let days = ms.div_euclid(MS_PER_DAY);
    let in_day = ms.rem_euclid(MS_PER_DAY);
    let (year, month, day) = civil_from_days(days);
    (
        year,
        month,
        day,
        in_day / 3_600_000,
        in_day / 60_000 % 60,
        in_day / 1000 % 60,
        in_day % 1000,
    )
}

fn days_in_month(year: i64, month: i64) -> i64 {
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 for a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_print_as_javascript_prints_them() {
        let cases = [
            (0.0, "0"),
            (-0.0, "0"),
            (1.5, "1.5"),
            (-42.0, "-42"),
            (1e21, "1e+21"),
            (123456789012345680000.0, "123456789012345680000"),
            (1e-7, "1e-7"),
            (1.5e-7, "1.5e-7"),
            (0.000001, "0.000001"),
            (0.1 + 0.2, "0.30000000000000004"),
            (f64::MAX, "1.7976931348623157e+308"),
            (5e-324, "5e-324"),
        ];
        for (n, expected) in cases {
            assert_eq!(js_number(n), expected, "{n:?}");
        }
    }

    #[test]
    fn dates_read_and_print_in_utc() {
        let ms = parse_iso_date("2026-11-30T04:00:00.000Z").unwrap();
        assert_eq!(ms, 1_796_011_200_000.0);
        assert_eq!(iso_string(ms), "2026-11-30T04:00:00.000Z");
        assert_eq!(
            date_to_string(ms),
            "Mon Nov 30 2026 04:00:00 GMT+0000 (Coordinated Universal Time)"
        );
        assert_eq!(
            date_to_string(0.0),
            "Thu Jan 01 1970 00:00:00 GMT+0000 (Coordinated Universal Time)"
        );
        assert_eq!(parse_iso_date("+275760-09-13T00:00:00.000Z"), Some(8.64e15));
        assert_eq!(parse_iso_date("+275760-09-13T00:00:00.001Z"), None);
        assert_eq!(iso_string(-1.0), "1969-12-31T23:59:59.999Z");
        for bad in [
            "",
            "2026-02-30T00:00:00.000Z",
            "2026-11-30",
            "nope",
            "2026-11-30T25:00:00Z",
        ] {
            assert_eq!(parse_iso_date(bad), None, "{bad}");
        }
    }
}
