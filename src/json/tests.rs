//! The scanner's tests: strict objects accepted, everything RFC 8259 or the contract refuses
//! refused, members captured, and property tests holding the scanner to the `serde_json`
//! reference walker of `reference.rs`.

use super::*;
use alloc::string::String;

fn check(json: &str) -> Result<(), JsonError> {
    parse_object(json.as_bytes(), &mut Validate)
}

#[test]
fn accepts_strict_objects() {
    for ok in [
        "{}",
        " {\"a\":1} \r\n",
        r#"{"a":{"a":{"a":[1,2,{"a":null}]}},"b":"\ud83d\ude00","c":-0,"d":1e308}"#,
        r#"{"a":[{"x":1},{"x":1}]}"#, // same names in sibling objects are fine
    ] {
        assert_eq!(check(ok), Ok(()), "{ok}");
    }
}

#[test]
fn refuses_duplicates_at_any_depth_after_unescaping() {
    for dup in [
        r#"{"a":1,"a":2}"#,
        r#"{"alg":1,"\u0061lg":2}"#,
        r#"{"x":{"b":1,"b":1}}"#,
        r#"{"x":[{"b":1,"\u0062":1}]}"#,
    ] {
        assert_eq!(check(dup), Err(JsonError::Duplicate), "{dup}");
    }
    // More members than the inline part of the seen-set holds.
    let mut many = String::from("{");
    for i in 0..40 {
        many.push_str(&alloc::format!("\"m{i}\":{i},"));
    }
    assert_eq!(check(&alloc::format!("{many}\"end\":0}}")), Ok(()));
    assert_eq!(
        check(&alloc::format!("{many}\"m3\":0}}")),
        Err(JsonError::Duplicate)
    );
    assert_eq!(
        check(&alloc::format!("{many}\"m39\":0}}")),
        Err(JsonError::Duplicate)
    );
}

#[test]
fn refuses_non_objects() {
    for other in ["[]", "[{}]", "1", "\"a\"", "null", "true"] {
        assert_eq!(check(other), Err(JsonError::NotObject), "{other}");
    }
}

#[test]
fn refuses_what_rfc_8259_does_not_allow() {
    for bad in [
        "",
        "\u{feff}{}",
        "{}x",
        "{} {}",
        r#"{"a":1,}"#,
        r#"{'a':1}"#,
        r#"{"a":"\ud800"}"#,
        r#"{"a":"\udc00"}"#,
        r#"{"a":1e400}"#,
        r#"{"a":-1e400}"#,
        r#"{"a":NaN}"#,
        r#"{"a":01}"#,
        "{\"a\":\"\t\"}",
    ] {
        assert_eq!(check(bad), Err(JsonError::Syntax), "{bad:?}");
    }
    assert_eq!(
        parse_object(b"{\"a\":\"\xff\"}", &mut Validate),
        Err(JsonError::Syntax)
    );
}

#[test]
fn nesting_is_bounded_at_127_levels() {
    let nest = |levels: usize| {
        let inner = levels.saturating_sub(1);
        alloc::format!("{}{}{}", "{\"a\":".repeat(inner), "{}", "}".repeat(inner))
    };
    assert_eq!(check(&nest(crate::limits::MAX_JSON_DEPTH)), Ok(()));
    assert_eq!(
        check(&nest(crate::limits::MAX_JSON_DEPTH + 1)),
        Err(JsonError::Syntax)
    );
    let arrays = alloc::format!("{{\"a\":{}{}}}", "[".repeat(126), "]".repeat(126));
    assert_eq!(check(&arrays), Ok(()));
    let arrays = alloc::format!("{{\"a\":{}{}}}", "[".repeat(127), "]".repeat(127));
    assert_eq!(check(&arrays), Err(JsonError::Syntax));
}

#[test]
fn captures_wanted_members_borrowing_when_unescaped() {
    let doc = br#"{"s":"plain","e":"\u0041","n":7,"f":1.5,"neg":-3,"a":["x","y"],"m":[1],"o":{},"z":null,"t":true}"#;
    assert_eq!(
        find_member(doc, "s"),
        Some(Value::String(Cow::Borrowed("plain")))
    );
    assert!(matches!(
        find_member(doc, "s"),
        Some(Value::String(Cow::Borrowed(_)))
    ));
    assert_eq!(
        find_member(doc, "e"),
        Some(Value::String(Cow::Owned("A".into())))
    );
    assert_eq!(find_member(doc, "n"), Some(Value::Number(Number::U64(7))));
    assert_eq!(find_member(doc, "f"), Some(Value::Number(Number::F64(1.5))));
    assert_eq!(
        find_member(doc, "neg"),
        Some(Value::Number(Number::I64(-3)))
    );
    assert_eq!(
        find_member(doc, "a"),
        Some(Value::Strings(alloc::vec!["x".into(), "y".into()]))
    );
    assert_eq!(find_member(doc, "m"), Some(Value::Other));
    assert_eq!(find_member(doc, "o"), Some(Value::Other));
    assert_eq!(find_member(doc, "z"), Some(Value::Null));
    assert_eq!(find_member(doc, "t"), Some(Value::Bool(true)));
    assert_eq!(find_member(doc, "absent"), None);
}

/// JSON-ish text: fragments that make objects, arrays, strings with and without escapes,
/// numbers at the edges, and junk, so that generated inputs are often nearly valid.
fn jsonish() -> impl proptest::strategy::Strategy<Value = String> {
    use proptest::prelude::*;
    let atom = prop_oneof![
        Just("{".to_owned()),
        Just("}".to_owned()),
        Just("[".to_owned()),
        Just("]".to_owned()),
        Just(",".to_owned()),
        Just(":".to_owned()),
        Just(" ".to_owned()),
        Just("\n".to_owned()),
        Just("\"a\"".to_owned()),
        Just("\"\\u0061\"".to_owned()),
        Just("\"\\ud83d\\ude00\"".to_owned()),
        Just("\"\\ud83d\"".to_owned()),
        Just("\"\\udc00x\"".to_owned()),
        Just("\"\\n\\t\\/\\\\\"".to_owned()),
        Just("\"\u{1}\"".to_owned()),
        Just("\"é\u{10348}\"".to_owned()),
        Just("\"\\x\"".to_owned()),
        Just("0".to_owned()),
        Just("-0".to_owned()),
        Just("01".to_owned()),
        Just("1.5".to_owned()),
        Just("1.".to_owned()),
        Just("1e308".to_owned()),
        Just("1e309".to_owned()),
        Just("-1e400".to_owned()),
        Just("2.5E-3".to_owned()),
        Just("18446744073709551615".to_owned()),
        Just("18446744073709551616".to_owned()),
        Just("-9223372036854775808".to_owned()),
        Just("-9223372036854775809".to_owned()),
        Just("1e".to_owned()),
        Just("+1".to_owned()),
        Just(".5".to_owned()),
        Just("true".to_owned()),
        Just("false".to_owned()),
        Just("null".to_owned()),
        Just("nul".to_owned()),
        Just("\u{feff}".to_owned()),
        "[a-z\"{}\\[\\],:0-9.eE+-]{1,4}",
    ];
    proptest::collection::vec(atom, 0..24).prop_map(|parts| parts.concat())
}

/// Objects made of well-formed parts, with repeated and escaped names.
fn objectish() -> impl proptest::strategy::Strategy<Value = String> {
    use proptest::prelude::*;
    let name = prop_oneof![
        Just("a"),
        Just("b"),
        Just("\\u0061"),
        Just("exp"),
        Just("e\\u0078p")
    ];
    let value = prop_oneof![
        Just("1".to_owned()),
        Just("-0".to_owned()),
        Just("1.25e2".to_owned()),
        Just("\"s\"".to_owned()),
        Just("[\"x\",\"y\"]".to_owned()),
        Just("[1,\"x\"]".to_owned()),
        Just("{}".to_owned()),
        Just("{\"a\":1,\"a\":2}".to_owned()),
        Just("null".to_owned()),
        Just("[[[]]]".to_owned()),
    ];
    proptest::collection::vec((name, value), 0..6).prop_map(|members| {
        let body: Vec<String> = members
            .iter()
            .map(|(n, v)| alloc::format!("\"{n}\" : {v}"))
            .collect();
        alloc::format!("{{{}}}", body.join(","))
    })
}

/// Every member of a parsed object, captured: what a sink sees.
struct All<'de>(Vec<(String, Value<'de>)>);

impl<'de> Members<'de> for All<'de> {
    fn wants(&self, _: &str) -> bool {
        true
    }
    fn take(&mut self, name: &str, value: Value<'de>) {
        self.0.push((name.into(), value));
    }
}

/// Both parsers' answers. Of a refusal only "repeated name" or not is compared: for JSON
/// that is no object and has junk after it, the reference stops at "not an object", the
/// scanner at the junk; both are `malformed`.
type Answer<'t> = Result<Vec<(String, Value<'t>)>, bool>;

fn both(text: &str) -> (Answer<'_>, Answer<'_>) {
    let mut ours = All(Vec::new());
    let mut reference = All(Vec::new());
    let duplicate = |e: JsonError| e == JsonError::Duplicate;
    let a = parse_object(text.as_bytes(), &mut ours)
        .map(|()| ours.0)
        .map_err(duplicate);
    let b = reference::parse_object(text.as_bytes(), &mut reference)
        .map(|()| reference.0)
        .map_err(duplicate);
    (a, b)
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig { cases: 2048, ..proptest::prelude::ProptestConfig::default() })]

    /// The scanner gives the same answer as the serde_json-based reference walker: the
    /// same refusal, or the same members with the same values.
    #[test]
    fn scanner_agrees_with_the_serde_json_reference(text in proptest::prelude::prop_oneof![jsonish(), objectish()]) {
        let (ours, reference) = both(&text);
        proptest::prop_assert_eq!(ours, reference, "{:?}", text);
    }

    /// Same on arbitrary strings.
    #[test]
    fn scanner_agrees_on_any_string(text in "\\PC{0,40}") {
        let (ours, reference) = both(&text);
        proptest::prop_assert_eq!(ours, reference, "{:?}", text);
    }
}
