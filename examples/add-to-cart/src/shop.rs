//! The shop: two products, a cart, and the one rule every way of adding shares
//! (the model of `reference/nextjs/lib/cart.ts`).
//!
//! Only this code is shared. Each way keeps its own cart (see `lib.rs`), as each
//! module in Next.js keeps its own state.

use serde_json::{json, Value};
use std::sync::Mutex;

/// `PRODUCTS`: id and name, in the order the pages list them.
pub const PRODUCTS: [(&str, &str); 2] = [("tea", "Green tea"), ("mug", "Mug")];

/// The error for a `productId` that is not one of [`PRODUCTS`].
pub const UNKNOWN_PRODUCT: &str = "unknown productId";

/// The error for a quantity that is not a whole number from 1 to 99.
pub const BAD_QUANTITY: &str = "quantity must be a whole number from 1 to 99";

/// One product in the cart, and how many.
#[derive(Debug, Clone, PartialEq)]
pub struct CartLine {
    pub product_id: String,
    pub quantity: u32,
}

/// `{ lines, count }`: `count` is the sum of the quantities.
#[derive(Debug, Default)]
pub struct Cart {
    pub lines: Vec<CartLine>,
    pub count: u32,
}

// ANCHOR: validate
/// `parseLine(productId, quantity)`: checks untrusted input. A JSON body gives
/// values of any type; a form gives text, which is read as a number the way
/// JavaScript's `Number("2")` reads it.
pub fn parse_line(product_id: &Value, quantity: &Value) -> Result<CartLine, &'static str> {
    let Some(product_id) = product_id
        .as_str()
        .filter(|id| PRODUCTS.iter().any(|(known, _)| known == id))
    else {
        return Err(UNKNOWN_PRODUCT);
    };
    let number = match quantity {
        Value::String(text) if !text.is_empty() => text.trim().parse::<f64>().ok(),
        Value::Number(n) => n.as_f64(),
        _ => None,
    };
    match number {
        Some(n) if n.fract() == 0.0 && (1.0..=99.0).contains(&n) => Ok(CartLine {
            product_id: product_id.to_owned(),
            quantity: n as u32,
        }),
        _ => Err(BAD_QUANTITY),
    }
}
// ANCHOR_END: validate

impl Cart {
    /// `addLine(cart, line)`: merges with the line for the same product, if any.
    pub fn add(&mut self, line: CartLine) -> &Cart {
        self.count += line.quantity;
        match self
            .lines
            .iter_mut()
            .find(|l| l.product_id == line.product_id)
        {
            Some(existing) => existing.quantity += line.quantity,
            None => self.lines.push(line),
        }
        self
    }

    /// An empty cart (`newCart()`), usable in a `static`.
    pub const fn new() -> Cart {
        Cart {
            lines: Vec::new(),
            count: 0,
        }
    }

    /// The cart as JavaScript's `JSON.stringify` writes it: `lines` before `count`.
    pub fn to_json(&self) -> Value {
        let lines: Vec<Value> = self
            .lines
            .iter()
            .map(|l| json!({ "productId": l.product_id, "quantity": l.quantity }))
            .collect();
        json!({ "lines": lines, "count": self.count })
    }
}

/// Locks one of the carts. No handler panics while holding it, so a poisoned lock
/// still holds a consistent cart; take it rather than fail the request.
pub fn lock(cart: &Mutex<Cart>) -> std::sync::MutexGuard<'_, Cart> {
    cart.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantities_are_read_like_javascript_numbers() {
        let tea = json!("tea");
        for good in [json!(2), json!("2"), json!(" 7 "), json!(3.0), json!("99")] {
            assert!(parse_line(&tea, &good).is_ok(), "{good}");
        }
        for bad in [
            json!(0),
            json!(-1),
            json!(1.5),
            json!(100),
            json!(""),
            json!("lots"),
            json!(null),
            json!(true),
            json!([2]),
        ] {
            assert_eq!(parse_line(&tea, &bad), Err(BAD_QUANTITY), "{bad}");
        }
        assert_eq!(parse_line(&json!("cake"), &json!(1)), Err(UNKNOWN_PRODUCT));
        assert_eq!(parse_line(&json!(null), &json!(1)), Err(UNKNOWN_PRODUCT));
    }

    #[test]
    fn lines_for_one_product_merge() {
        let mut cart = Cart::new();
        let line = |id: &str, quantity| CartLine {
            product_id: id.to_owned(),
            quantity,
        };
        cart.add(line("tea", 2));
        cart.add(line("mug", 1));
        cart.add(line("tea", 3));
        assert_eq!(
            cart.to_json().to_string(),
            r#"{"lines":[{"productId":"tea","quantity":5},{"productId":"mug","quantity":1}],"count":6}"#
        );
    }
}
