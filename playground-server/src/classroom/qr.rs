//! A QR code of the students' link, drawn in the terminal with Unicode half blocks
//! (two rows of modules per line of text), so a class can scan it off the projector.

use qrcode::render::unicode::Dense1x2;
use qrcode::QrCode;

/// `text` as a QR code, or `None` when it is too long for one.
///
/// Drawn light-on-dark: the quiet zone and light modules are blocks, dark modules are
/// blanks, which reads right on the dark terminals most instructors use (phone
/// scanners also read the inverted code a light terminal shows).
pub fn render(text: &str) -> Option<String> {
    let code = QrCode::new(text.as_bytes()).ok()?;
    Some(
        code.render::<Dense1x2>()
            .dark_color(Dense1x2::Light)
            .light_color(Dense1x2::Dark)
            .quiet_zone(true)
            .build(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use qrcode::Color;

    /// Each character stands for two modules, top and bottom; a block is a light module.
    fn halves(c: char) -> (bool, bool) {
        match c {
            '█' => (true, true),
            '▀' => (true, false),
            '▄' => (false, true),
            ' ' => (false, false),
            other => panic!("unexpected character {other:?}"),
        }
    }

    #[test]
    fn every_module_is_drawn_light_on_dark_inside_a_quiet_zone() {
        let link = "http://192.168.1.20:3000";
        let drawn = render(link).unwrap();
        let code = QrCode::new(link.as_bytes()).unwrap();
        let (width, quiet) = (code.width(), 4);
        let colors = code.to_colors();
        let light = |x: usize, y: usize| {
            let inside = |v: usize| v >= quiet && v < quiet + width;
            !(inside(x) && inside(y)) || colors[(y - quiet) * width + (x - quiet)] == Color::Light
        };
        let lines: Vec<Vec<char>> = drawn.lines().map(|l| l.chars().collect()).collect();
        let side = width + 2 * quiet;
        assert_eq!(lines.len(), side.div_ceil(2));
        for (row, line) in lines.iter().enumerate() {
            assert_eq!(line.len(), side, "line {row}");
            for (x, &c) in line.iter().enumerate() {
                let (top, bottom) = halves(c);
                assert_eq!(top, light(x, 2 * row), "module {x},{}", 2 * row);
                if 2 * row + 1 < side {
                    assert_eq!(bottom, light(x, 2 * row + 1), "module {x},{}", 2 * row + 1);
                }
            }
        }
    }

    #[test]
    fn text_too_long_for_a_code_gives_none() {
        assert!(render(&"x".repeat(8000)).is_none());
    }
}
