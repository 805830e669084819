//! The machine's addresses on the local network: what students type (or scan) to
//! reach the instructor's playground.

use std::net::Ipv4Addr;

/// This machine's IPv4 addresses other than loopback, in interface order, link-local
/// ones (169.254.x.x, which only work on a network without DHCP) last. IPv4 only: a
/// classroom's Wi-Fi hands them out, and they are short enough to type.
pub fn ipv4_addresses() -> std::io::Result<Vec<Ipv4Addr>> {
    let found = if_addrs::get_if_addrs()?
        .into_iter()
        .filter_map(|interface| match interface.ip() {
            std::net::IpAddr::V4(ip) => Some(ip),
            std::net::IpAddr::V6(_) => None,
        });
    Ok(shareable(found))
}

/// The addresses worth printing, best first, without duplicates.
fn shareable(found: impl IntoIterator<Item = Ipv4Addr>) -> Vec<Ipv4Addr> {
    let mut addresses: Vec<Ipv4Addr> = Vec::new();
    for ip in found {
        if !ip.is_loopback() && !ip.is_unspecified() && !addresses.contains(&ip) {
            addresses.push(ip);
        }
    }
    // A stable sort keeps the interface order within each group.
    addresses.sort_by_key(|ip| ip.is_link_local());
    addresses
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_goes_and_link_local_comes_last() {
        let ip = |s: &str| s.parse::<Ipv4Addr>().unwrap();
        let found = [
            ip("127.0.0.1"),
            ip("169.254.3.4"),
            ip("192.168.1.20"),
            ip("0.0.0.0"),
            ip("10.0.0.5"),
            ip("192.168.1.20"),
        ];
        assert_eq!(
            shareable(found),
            [ip("192.168.1.20"), ip("10.0.0.5"), ip("169.254.3.4")]
        );
    }
}
