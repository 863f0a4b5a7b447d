//! A compact longest-prefix-match table: what each route table, transit gateway route table
//! and VPC's subnets are looked up by.
//!
//! A `prefix_trie::PrefixMap` costs about 400 bytes held in its owner and 800 more on the heap
//! even for ten prefixes, and a network of 3,000 VPCs has 33,000 route tables of about ten
//! routes: more than the file's text. A small table is kept instead as its prefixes sorted
//! longest first, and a lookup takes the first that holds the address (prefixes of one length
//! do not overlap, so the first that holds it is the longest); a large one keeps the trie, in
//! a box.

use std::net::Ipv4Addr;

use ipnet::Ipv4Net;
use prefix_trie::PrefixMap;

/// Tables of up to this many prefixes are scanned rather than kept as a trie: a scan of 32
/// entries reads 512 contiguous bytes, as fast as the trie's walk.
const SCAN_MAX: usize = 32;

/// A longest-prefix-match table from IPv4 prefixes to values (see the module's text).
#[derive(Debug)]
pub struct Lpm<T>(Repr<T>);

#[derive(Debug)]
enum Repr<T> {
    /// Longest prefix first.
    Scan(Box<[Entry<T>]>),
    Trie(Box<PrefixMap<Ipv4Net, T>>),
}

#[derive(Debug)]
struct Entry<T> {
    /// The prefix's address bits (the host bits cleared).
    net: u32,
    /// Its netmask.
    mask: u32,
    value: T,
}

impl<T> Default for Lpm<T> {
    fn default() -> Self {
        Lpm(Repr::Scan(Box::default()))
    }
}

impl<T: Copy> From<PrefixMap<Ipv4Net, T>> for Lpm<T> {
    fn from(map: PrefixMap<Ipv4Net, T>) -> Self {
        if map.len() > SCAN_MAX {
            return Lpm(Repr::Trie(Box::new(map)));
        }
        let mut entries: Vec<(u8, Entry<T>)> = map
            .iter()
            .map(|(p, &value)| {
                let entry = Entry {
                    net: u32::from(p.network()),
                    mask: u32::from(p.netmask()),
                    value,
                };
                (p.prefix_len(), entry)
            })
            .collect();
        entries.sort_by_key(|(len, _)| std::cmp::Reverse(*len));
        Lpm(Repr::Scan(entries.into_iter().map(|(_, e)| e).collect()))
    }
}

impl<T: Copy> Lpm<T> {
    /// The value of the longest prefix that holds `ip`.
    pub fn get(&self, ip: Ipv4Addr) -> Option<T> {
        match &self.0 {
            Repr::Scan(entries) => {
                let ip = u32::from(ip);
                entries
                    .iter()
                    .find(|e| ip & e.mask == e.net)
                    .map(|e| e.value)
            }
            Repr::Trie(trie) => trie.get_lpm(&Ipv4Net::from(ip)).map(|(_, &v)| v),
        }
    }
}

/// A longest-prefix-match index of a list whose items carry their own prefixes (a route
/// table's routes): what [`Lpm`] gives, the position of the item whose prefix wins, but a
/// small table keeps only the positions that enter it, a byte each, longest prefix first, and
/// reads each prefix from the list (11 bytes for a table of 11 routes, where an [`Lpm`]'s
/// scan holds 16 per prefix); a large one, or one with positions past 255, keeps an [`Lpm`].
#[derive(Debug)]
pub struct Positions(PositionsRepr);

#[derive(Debug)]
enum PositionsRepr {
    /// Longest prefix first.
    Scan(Box<[u8]>),
    Lpm(Lpm<usize>),
}

impl Default for Positions {
    fn default() -> Self {
        Positions(PositionsRepr::Scan(Box::default()))
    }
}

impl From<PrefixMap<Ipv4Net, usize>> for Positions {
    fn from(map: PrefixMap<Ipv4Net, usize>) -> Self {
        let scan: Option<Vec<(u8, u8)>> = (map.len() <= SCAN_MAX)
            .then(|| {
                map.iter()
                    .map(|(p, &i)| u8::try_from(i).ok().map(|i| (p.prefix_len(), i)))
                    .collect()
            })
            .flatten();
        let Some(mut scan) = scan else {
            return Positions(PositionsRepr::Lpm(Lpm::from(map)));
        };
        scan.sort_by_key(|(len, _)| std::cmp::Reverse(*len));
        Positions(PositionsRepr::Scan(
            scan.into_iter().map(|(_, i)| i).collect(),
        ))
    }
}

impl Positions {
    /// The position of the longest prefix that holds `ip`, where `prefix(i)` is the prefix of
    /// the item at position `i` (the one the index was built with).
    pub fn get(&self, ip: Ipv4Addr, prefix: impl Fn(usize) -> Ipv4Net) -> Option<usize> {
        match &self.0 {
            PositionsRepr::Scan(positions) => positions
                .iter()
                .map(|&i| usize::from(i))
                .find(|&i| prefix(i).contains(&ip)),
            PositionsRepr::Lpm(lpm) => lpm.get(ip),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn map(prefixes: &[(u32, u8)]) -> PrefixMap<Ipv4Net, usize> {
        let mut m = PrefixMap::new();
        for (i, &(addr, len)) in prefixes.iter().enumerate() {
            let net = Ipv4Net::new(Ipv4Addr::from(addr), len)
                .expect("a length of 32 at most")
                .trunc();
            m.insert(net, i);
        }
        m
    }

    proptest! {
        /// The scan and the trie give the same answer for every address, on small and large
        /// tables (prefixes near one another so that they nest).
        #[test]
        fn same_answer_as_the_trie(
            prefixes in prop::collection::vec((0u32..4096, 0u8..=32), 0..80),
            probes in prop::collection::vec(0u32..4096, 1..40),
        ) {
            let spread = |a: u32| a.rotate_right(12);
            let prefixes: Vec<(u32, u8)> = prefixes.iter().map(|&(a, l)| (spread(a), l)).collect();
            let trie = map(&prefixes);
            let lpm = Lpm::from(map(&prefixes));
            for p in probes {
                let ip = Ipv4Addr::from(spread(p));
                let expected = trie.get_lpm(&Ipv4Net::from(ip)).map(|(_, &v)| v);
                prop_assert_eq!(lpm.get(ip), expected);
            }
        }
    }

    proptest! {
        /// The positions give the trie's answer too, scanned or not.
        #[test]
        fn positions_give_the_tries_answer(
            prefixes in prop::collection::vec((0u32..4096, 0u8..=32), 0..80),
            probes in prop::collection::vec(0u32..4096, 1..40),
        ) {
            let spread = |a: u32| a.rotate_right(12);
            let prefixes: Vec<(u32, u8)> = prefixes.iter().map(|&(a, l)| (spread(a), l)).collect();
            let nets: Vec<Ipv4Net> = prefixes
                .iter()
                .map(|&(a, l)| Ipv4Net::new(Ipv4Addr::from(a), l).unwrap().trunc())
                .collect();
            let trie = map(&prefixes);
            let positions = Positions::from(map(&prefixes));
            for p in probes {
                let ip = Ipv4Addr::from(spread(p));
                let expected = trie.get_lpm(&Ipv4Net::from(ip)).map(|(_, &v)| v);
                prop_assert_eq!(positions.get(ip, |i| nets[i]), expected);
            }
        }
    }

    #[test]
    fn a_small_table_is_scanned_and_finds_the_longest() {
        let lpm = Lpm::from(map(&[(0, 0), (0x0a00_0000, 8), (0x0a01_0000, 16)]));
        assert!(matches!(lpm.0, Repr::Scan(_)));
        assert_eq!(lpm.get(Ipv4Addr::new(10, 1, 2, 3)), Some(2));
        assert_eq!(lpm.get(Ipv4Addr::new(10, 2, 2, 3)), Some(1));
        assert_eq!(lpm.get(Ipv4Addr::new(11, 2, 2, 3)), Some(0));
        assert_eq!(Lpm::<usize>::default().get(Ipv4Addr::new(1, 2, 3, 4)), None);
    }
}
