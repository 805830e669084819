//! Classroom mode (`--classroom`): one playground on the instructor's laptop, shared by
//! a room of students over the local network.
//!
//! - [`prepare`] decides, before the playground starts, where it listens (the LAN), the
//!   addresses students use (accepted by the host check) and the instructor's token.
//! - [`announce`] is what the terminal shows once it listens: the addresses, a QR code
//!   of the first, the instructor's link and a plain warning.
//! - [`session`] gives each browser its own history and event stream.
//! - [`rate_limit`] keeps one student's runaway loop from starving the class.

pub mod lan;
pub mod qr;
pub mod random;
pub mod rate_limit;
pub mod session;

use crate::Options;
use std::net::{IpAddr, Ipv4Addr};

/// Where the playground listens in classroom mode unless `--host` says otherwise.
pub const LAN_HOST: &str = "0.0.0.0";

/// The path of the instructor's projector page.
pub const PROJECTOR_PATH: &str = "/__playground/projector";

#[derive(Debug, thiserror::Error)]
pub enum ClassroomError {
    #[error(
        "cannot list this machine's network addresses ({0}): pass the address students \
         should use with --host"
    )]
    Interfaces(std::io::Error),
    #[error(
        "the system's random number generator failed ({0}), so no instructor token can be made"
    )]
    Random(getrandom::Error),
}

/// What classroom mode settled before starting, printed by [`announce`].
#[derive(Debug, Clone)]
pub struct Setup {
    /// The addresses to give students, best first (empty: none found).
    pub addresses: Vec<Ipv4Addr>,
    /// The instructor's token (also in [`Options::instructor_token`]).
    pub token: String,
}

/// Turns `options` into classroom options: listen on the LAN (unless `host_given`),
/// accept the machine's addresses as host names, make an instructor token, and give
/// each browser its own session and rate limit.
pub fn prepare(options: &mut Options, host_given: bool) -> Result<Setup, ClassroomError> {
    if !host_given {
        options.host = LAN_HOST.to_owned();
    }
    let addresses = match options.host.parse::<IpAddr>() {
        // Listening on loopback (trying classroom mode alone): no one else can come in.
        Ok(ip) if ip.is_loopback() => Vec::new(),
        _ if options.host == "localhost" => Vec::new(),
        // Listening on one address: that is the one students can use.
        Ok(IpAddr::V4(ip)) if !ip.is_unspecified() => vec![ip],
        _ => lan::ipv4_addresses().map_err(ClassroomError::Interfaces)?,
    };
    // A token given with --instructor-token is kept, so a projector tab survives a restart.
    let token = match options.instructor_token.clone() {
        Some(given) => given,
        None => random::hex_id().map_err(ClassroomError::Random)?,
    };
    options.classroom = true;
    options.instructor_token = Some(token.clone());
    for ip in &addresses {
        let name = ip.to_string();
        if !options.allowed_hosts.contains(&name) {
            options.allowed_hosts.push(name);
        }
    }
    options.public_host = addresses.first().map(Ipv4Addr::to_string);
    Ok(Setup { addresses, token })
}

/// The text the terminal shows once the playground listens on `port`: the instructor's
/// link first, the students' addresses and QR code last, at the bottom of the screen,
/// where the terminal can be shown to the room without the token.
pub fn announce(setup: &Setup, port: u16, limit: rate_limit::RateLimit) -> String {
    let url = |ip: &dyn std::fmt::Display| format!("http://{ip}:{port}");
    let instructor_host: &dyn std::fmt::Display = match setup.addresses.first() {
        Some(ip) => ip,
        None => &"127.0.0.1",
    };
    let mut text = format!(
        "\nClassroom mode\n\n\
         Instructor (projector page; keep this link to yourself):\n    {}{PROJECTOR_PATH}?token={}\n\n\
         Warning: everyone on this network can now reach the book AND the examples\n\
         (which run on this machine) through the playground. Use it only on a network\n\
         you trust, and stop it (Ctrl-C) after class.\n\
         Each browser sees only its own traffic, and may send {} requests a second\n\
         (bursts of {}).\n\n",
        url(instructor_host),
        setup.token,
        limit.per_second,
        limit.burst
    );
    let Some(first) = setup.addresses.first() else {
        text.push_str(
            "No address students can reach: the playground listens on this machine only,\n\
             or the machine is on no network. Join the class's network and restart with\n\
             --classroom alone (or --host <your network address>).\n",
        );
        return text;
    };
    text.push_str("Students open:\n");
    for ip in &setup.addresses {
        text.push_str(&format!("    {}\n", url(ip)));
    }
    if setup.addresses.len() > 1 {
        text.push_str(
            "(one address per network interface: share the one on the class's network)\n",
        );
    }
    if let Some(code) = qr::render(&url(first)) {
        text.push_str(&format!("\n{code}\n"));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_announcement_gives_addresses_a_code_and_the_instructors_link() {
        let setup = Setup {
            addresses: vec![Ipv4Addr::new(192, 168, 1, 20), Ipv4Addr::new(10, 0, 0, 5)],
            token: "ab12".into(),
        };
        let text = announce(&setup, 3200, rate_limit::RateLimit::default());
        assert!(text.contains("    http://192.168.1.20:3200\n"), "{text}");
        assert!(text.contains("    http://10.0.0.5:3200\n"), "{text}");
        assert!(
            text.contains("http://192.168.1.20:3200/__playground/projector?token=ab12"),
            "{text}"
        );
        assert!(text.contains(&qr::render("http://192.168.1.20:3200").unwrap()));
        assert!(text.contains("Warning: everyone on this network"), "{text}");
        // The token comes before the code, so the code can be shown without it.
        assert!(text.find("token=").unwrap() < text.find('█').unwrap());
        assert!(
            text.contains("10 requests a second\n(bursts of 40)"),
            "{text}"
        );
    }

    #[test]
    fn without_an_address_it_says_what_to_do() {
        let setup = Setup {
            addresses: vec![],
            token: "ab12".into(),
        };
        let text = announce(&setup, 3200, rate_limit::RateLimit::default());
        assert!(text.contains("No address students can reach"), "{text}");
        assert!(text.contains("http://127.0.0.1:3200/__playground/projector?token=ab12"));
        assert!(!text.contains('█'), "a code of nothing");
    }

    #[test]
    fn classroom_options_listen_on_the_lan_with_a_token() {
        let mut options = Options::new(".".into());
        let setup = prepare(&mut options, false).unwrap();
        assert_eq!(options.host, LAN_HOST);
        assert!(options.classroom);
        assert_eq!(
            options.instructor_token.as_deref(),
            Some(setup.token.as_str())
        );
        assert_eq!(setup.token.len(), 32);
        assert_eq!(
            options.public_host,
            setup.addresses.first().map(|ip| ip.to_string())
        );
        for ip in &setup.addresses {
            assert!(!ip.is_loopback());
            assert!(options.allowed_hosts.contains(&ip.to_string()));
        }

        let mut given = Options::new(".".into());
        given.host = "192.0.2.7".into();
        let setup = prepare(&mut given, true).unwrap();
        assert_eq!(given.host, "192.0.2.7");
        assert_eq!(setup.addresses, [Ipv4Addr::new(192, 0, 2, 7)]);
        assert_ne!(given.instructor_token, options.instructor_token);

        let mut alone = Options::new(".".into());
        let setup = prepare(&mut alone, true).unwrap();
        assert_eq!(alone.host, "127.0.0.1");
        assert!(
            setup.addresses.is_empty(),
            "loopback is no address for a class"
        );
    }
}
