//! The file read whole as a document, which an edit is made to when it cannot be made to the
//! items it names alone ([`super::sparse`]), and which `vpcpath serve`'s what-if writes out.

use super::*;

impl<'t> Doc<'t> {
    /// [`Doc::read`], the document read at once.
    pub(super) fn read_whole_doc(
        path: &Path,
        text: &'t str,
        scenario: Scenario,
        context: Option<super::reuse::Context>,
    ) -> Result<Doc<'t>, crate::error::Error> {
        match super::lines::document(text, scenario.requests.len()) {
            Some((read, lines)) => {
                let mut doc = Doc::new(scenario, read, context);
                doc.lines = Some(lines);
                doc.text = text;
                doc.path = path.to_path_buf();
                Ok(doc)
            }
            None => Ok(Doc::new(
                scenario,
                crate::load::parse_value(path, text)?,
                context,
            )),
        }
    }

    /// The file as read, its document whole.
    pub(in crate::fix) fn new(
        scenario: Scenario,
        read: Value,
        context: Option<super::reuse::Context>,
    ) -> Doc<'t> {
        let work = Doc::work_of(&read);
        Doc {
            scenario,
            read,
            work,
            focus: None,
            context,
            lines: None,
            text: "",
            path: std::path::PathBuf::new(),
            items: None,
            focus_value: None,
            whole_read: true,
        }
    }

    /// The working copy of the document `read`: its requests `null`.
    pub(super) fn work_of(read: &Value) -> Value {
        match read {
            Value::Object(map) => Value::Object(
                map.iter()
                    .map(|(k, v)| match v {
                        Value::Array(list) if k == "requests" => {
                            (k.clone(), Value::Array(vec![Value::Null; list.len()]))
                        }
                        v => (k.clone(), v.clone()),
                    })
                    .collect(),
            ),
            other => other.clone(),
        }
    }

    /// Reads the document whole, if it is not yet (as [`Doc::read`] did before the items were
    /// read alone), with the request being fixed in its working copy.
    pub(super) fn whole(&mut self) -> Result<(), crate::error::Error> {
        if self.whole_read {
            return Ok(());
        }
        let n = self.scenario.requests.len();
        let (read, lines) = match super::lines::document(self.text, n) {
            Some((read, lines)) => (read, Some(lines)),
            None => (crate::load::parse_value(&self.path, self.text)?, None),
        };
        self.work = Doc::work_of(&read);
        self.read = read;
        self.lines = lines;
        self.whole_read = true;
        match self.focus.take() {
            Some(i) => self.place_focus(i),
            None => Ok(()),
        }
    }

    /// The `i`th request of the document as read, read from its line if it is not yet.
    pub(super) fn request(&mut self, i: usize) -> Result<Option<Value>, crate::error::Error> {
        let n = self.scenario.requests.len();
        super::lines::request(&mut self.read, &mut self.lines, &self.path, self.text, n, i)
    }

    /// Reads every request of the document not yet read.
    pub(super) fn read_whole(&mut self) -> Result<(), crate::error::Error> {
        let n = self.scenario.requests.len();
        super::lines::read_whole(&mut self.read, &mut self.lines, &self.path, self.text, n)
    }
}
