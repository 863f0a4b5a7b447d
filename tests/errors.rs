//! Every file in tests/errors/ must be refused; its rendered error is a snapshot.

#[test]
fn error_messages() {
    insta::glob!("errors", "*.yaml", |path| {
        let name = std::path::Path::new("tests/errors").join(path.file_name().unwrap());
        let text = std::fs::read_to_string(path).unwrap();
        let err = match vpcpath::load::load_str(&name, &text) {
            Ok(_) => panic!("{} should be refused", name.display()),
            Err(e) => e.to_string(),
        };
        insta::with_settings!({ description => text, omit_expression => true }, {
            insta::assert_snapshot!(err);
        });
    });
}
