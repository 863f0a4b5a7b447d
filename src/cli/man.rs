//! `vpcpath man [COMMAND]...`: the manual page of vpcpath, or of one of its subcommands, each
//! generated from the same definitions as `--help`. Every page a page lists under its
//! subcommands (`vpcpath-run(1)`, `vpcpath-import-aws(1)`) is one this command writes.

use super::*;

pub(super) fn man(out: &mut dyn Write, command: &[String]) -> io::Result<Status> {
    let mut root = <Cli as clap::CommandFactory>::command();
    // Built, the subcommands know their pages' names (`vpcpath-run`) and usages.
    root.build();
    // `import-aws` is `import aws`, as the page that lists it writes it.
    let words: Vec<String> = match command {
        [one] if root.find_subcommand(one).is_none() => {
            one.split('-').map(str::to_string).collect()
        }
        _ => command.to_vec(),
    };
    let mut page = &root;
    for word in &words {
        match page.find_subcommand(word) {
            Some(sub) => page = sub,
            None => {
                let names: Vec<String> = page
                    .get_subcommands()
                    .map(|s| s.get_name().to_string())
                    .collect();
                say!(
                    "error: `{}` has no subcommand `{word}`\n  help: write one of {}",
                    page.get_display_name().unwrap_or(page.get_name()),
                    names.join(", ")
                );
                return Ok(Status::BadInput);
            }
        }
    }
    let mut roff = Vec::new();
    clap_mangen::Man::new(page.clone()).render(&mut roff)?;
    out.write_all(&roff)?;
    out.flush()?;
    Ok(Status::Done)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every page listed by a page can be written.
    #[test]
    fn every_listed_page_is_written() {
        fn pages(cmd: &clap::Command, path: Vec<String>, out: &mut Vec<Vec<String>>) {
            for sub in cmd.get_subcommands() {
                let mut p = path.clone();
                p.push(sub.get_name().to_string());
                out.push(p.clone());
                pages(sub, p, out);
            }
        }
        let mut all = Vec::new();
        pages(
            &<Cli as clap::CommandFactory>::command(),
            Vec::new(),
            &mut all,
        );
        assert!(all.len() >= 15, "{all:?}");
        for p in all {
            let mut page = Vec::new();
            assert_eq!(man(&mut page, &p).unwrap(), Status::Done, "{p:?}");
            let text = String::from_utf8(page).unwrap();
            let name = format!("vpcpath-{}", p.join("-"));
            assert!(text.contains(&name), "{p:?}: {}", &text[..200]);
        }
        let mut page = Vec::new();
        assert_eq!(
            man(&mut page, &["import-aws".into()]).unwrap(),
            Status::Done
        );
        assert_eq!(man(&mut page, &["nope".into()]).unwrap(), Status::BadInput);
    }
}
