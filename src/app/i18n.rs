//! Every string the desktop app shows, in Simplified Chinese (the default) and English.
//! Widgets never hold text of their own: they ask for a [`Key`].

use serde::{Deserialize, Serialize};

use crate::core::edit::EditError;
use crate::core::import::ImportError;
use crate::core::import::decode::{BinaryKind, DecodeError};
use crate::core::import::docx::DocxError;
use crate::core::open::OpenError;
use crate::core::shared::{LockStep, SharedError};
use crate::core::storage::{ParseProblem, Place, StorageError};
use crate::core::write::{FileKind, Step, WriteError};

/// The UI language.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Lang {
    /// 简体中文
    #[default]
    Zh,
    /// English
    En,
}

macro_rules! keys {
    ($($key:ident => $zh:literal, $en:literal;)*) => {
        /// A piece of UI text.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        #[allow(missing_docs)]
        pub enum Key { $($key,)* }

        impl Key {
            /// The text in `lang`. `{0}`, `{1}` mark where [`tr_args`] puts its arguments.
            pub fn text(self, lang: Lang) -> &'static str {
                match (self, lang) {
                    $((Key::$key, Lang::Zh) => $zh, (Key::$key, Lang::En) => $en,)*
                }
            }
        }
    };
}

keys! {
    AppName => "plandraft 规划起草", "plandraft";
    Untitled => "未命名", "Untitled";
    Sample => "示例", "Sample";
    MenuFile => "文件", "File";
    New => "新建", "New";
    Open => "打开…", "Open…";
    ImportText => "导入文本或 Word 文档…", "Import text or Word…";
    Recent => "最近打开", "Recent files";
    NoRecent => "（无）", "(none)";
    Save => "保存", "Save";
    SaveAs => "另存为…", "Save as…";
    Quit => "退出", "Quit";
    ExportMenu => "导出…", "Export…";
    ExportTitle => "导出", "Export";
    ExportChapter => "导出本章…", "Export this chapter…";
    ExportWhat => "内容", "Version";
    ExportRange => "范围", "Sections";
    WholeDocument => "全文", "Whole document";
    ChosenSections => "选定章节", "Chosen sections";
    ExportFormat => "格式", "Format";
    PrintMenu => "打印…", "Print…";
    PrintFailed => "无法打印：{0}", "Cannot print: {0}";
    PrintSent => "已发送到打印机（{0}）。", "Sent to the printer ({0}).";
    PrintOpened => "已在 PDF 阅读器中打开，请从阅读器打印：{0}", "Opened in the PDF viewer; print from there: {0}";
    FormatPdf => "PDF（与打印预览逐页一致，字体嵌入）", "PDF (page for page as the preview, fonts embedded)";
    FormatDocx => "Word 文档（.docx，GB/T 9704 公文版式）", "Word document (.docx, GB/T 9704 layout)";
    FormatHtml => "打印网页（.html，GB/T 9704 公文版式）", "Print page (.html, GB/T 9704 layout)";
    FormatText => "纯文本（.txt）", "Plain text (.txt)";
    IndentOption => "段首空两格", "Indent paragraphs by two characters";
    EncodingLabel => "编码", "Encoding";
    CrlfOption => "Windows 换行（CRLF）", "Windows line ends (CRLF)";
    PrintLayoutNote => "A4 纸，版心 156 × 225 毫米，每页 22 行、每行 28 字；标题 2 号小标宋，正文 3 号仿宋，页码“— 1 —”单页居右、双页居左。", "A4, type area 156 × 225 mm, 22 lines of 28 characters; title in 2号 小标宋, body in 3号 仿宋, page numbers “— 1 —” right on odd pages and left on even.";
    ExportPages => "打印预览：共 {0} 页", "Print preview: {0} pages";
    PageOf => "第 {0} 页，共 {1} 页", "Page {0} of {1}";
    PreviousPage => "上一页", "Previous page";
    NextPage => "下一页", "Next page";
    ExportTextSize => "文本开头（全文 {0} 个字符）", "Start of the text ({0} characters in all)";
    ExportNothingChosen => "请至少选择一个章节。", "Choose at least one section.";
    ExportNoDraft => "该稿已不存在。", "That draft no longer exists.";
    ExportButton => "导出…", "Export…";
    ExportReport => "导出对照报告（网页）…", "Export comparison report (HTML)…";
    ReviewClosed => "对照视图已关闭，未保存图片。", "The review view was closed; no image was saved.";
    CaptureFailed => "未能截取对照视图。", "Could not capture the review view.";
    ImageFailed => "未能生成图片：{0}", "Could not make the image: {0}";
    SaveReviewImage => "将对照视图保存为图片（PNG）…", "Save review view as image (PNG)…";
    Exported => "已导出到 {0}", "Exported to {0}";
    MenuEdit => "编辑", "Edit";
    Undo => "撤销", "Undo";
    Redo => "重做", "Redo";
    Find => "查找…", "Find…";
    Replace => "替换…", "Replace…";
    MenuSection => "章节", "Section";
    AddBefore => "在前面插入同级章节", "Add section before";
    AddAfter => "在后面插入同级章节", "Add section after";
    AddChild => "插入下级章节", "Add subsection";
    Delete => "删除章节", "Delete section";
    Rename => "重命名", "Rename";
    MoveUp => "上移", "Move up";
    MoveDown => "下移", "Move down";
    Promote => "升级", "Promote";
    RestartNumbering => "从此处重新编号", "Restart numbering here";
    NumberByPlace => "取消重新编号（按位置编号）", "Number by place again";
    Demote => "降级", "Demote";
    MenuView => "视图", "View";
    EditView => "编辑视图", "Edit view";
    ReadingView => "阅读视图（全文）", "Reading view (whole document)";
    ExpandAll => "全部展开", "Expand all";
    CollapseAll => "全部折叠", "Collapse all";
    ShowCounts => "在大纲中显示字数", "Show counts in the outline";
    Theme => "主题", "Theme";
    Light => "浅色", "Light";
    Dark => "深色", "Dark";
    Language => "语言 Language", "Language 语言";
    MenuHelp => "帮助", "Help";
    Shortcuts => "快捷键", "Keyboard shortcuts";
    Close => "关闭", "Close";
    DocumentInfo => "文档信息（标题、稿次、前言）", "Document (title, stage, preamble)";
    TitleBlock => "标题（每行一行）", "Title (one line per line)";
    Stage => "稿次或日期（不含括号）", "Stage or date (without brackets)";
    Preamble => "前言（每段一行）", "Preamble (one paragraph per line)";
    Number => "编号", "Number";
    Heading => "标题", "Heading";
    RunIn => "标题接排（标题与第一段同行）", "Run-in heading (joined to the first paragraph)";
    Body => "正文（每段一行，回车分段）", "Body (one paragraph per line; Enter starts a new one)";
    RunInPreview => "印出效果：{0}", "Prints as: {0}";
    RunInNeedsStop => "接排标题应以句号（。）结尾，否则标题会与正文连成一句。", "A run-in heading should end with 。, or it runs on into the paragraph as one sentence.";
    NewSectionHeading => "新章节", "New section";
    UnsavedTitle => "有未保存的更改", "Unsaved changes";
    UnsavedBody => "“{0}”有未保存的更改。是否先保存？", "“{0}” has unsaved changes. Save them first?";
    SaveButton => "保存", "Save";
    ReadOnlyTitle => "文件是只读的", "The file is read-only";
    ReadOnlyBody => "没有写入 {0} 的权限，文件未作改动。请另存为其他文件。", "{0} may not be written; it is unchanged. Save the document under another name.";
    SaveAsButton => "另存为…", "Save as…";
    ChangedTitle => "文件已被他人修改", "The file was changed by someone else";
    ChangedBody => "“{0}”在您打开之后已被{1}保存。您的修改尚未保存，对方保存的内容也没有被覆盖。", "“{0}” was saved by {1} after you opened it. Your changes are not saved yet, and what they saved was not overwritten.";
    SomeoneElse => "他人", "someone else";
    CompareTheirs => "与对方保存的版本比较", "Compare with their version";
    OverwriteButton => "覆盖…", "Overwrite…";
    OverwriteTitle => "确认覆盖", "Overwrite their save?";
    OverwriteBody => "用您的版本覆盖{0}于 {1} 保存的“{2}”？对方的版本将保留为备份文件 {3}。", "Replace “{2}”, saved by {0} at {1}, with your version? Theirs is kept as the backup {3}.";
    OverwriteConfirm => "覆盖", "Overwrite";
    LockedTitle => "文件正在被编辑", "The file is being edited";
    LockedBody => "“{0}”正由 {1} 编辑，自 {2} 起。同时编辑时，后保存的一方会得到提示，不会覆盖对方。", "“{0}” is being edited by {1} since {2}. If you both edit, whoever saves second is asked first; neither save is overwritten.";
    OpenReadOnly => "只读打开", "Open read-only";
    OpenAnyway => "仍然打开", "Open anyway";
    ReadOnlyMark => "只读（保存时另存为）", "Read-only (saving asks for another name)";
    AlsoEditing => "{0} 也在编辑", "{0} is also editing";
    ChangedOnDiskNotice => "“{0}”已被{1}修改并保存；您保存时会先询问。", "“{0}” was saved by {1}; saving here will ask first.";
    MergeCopy => "合并副本…", "Merge a copy…";
    MergeTheirs => "合并对方的修改", "Merge their changes";
    MergedClean => "已合并“{0}”，没有冲突。审阅视图显示合并带来的变化。", "Merged “{0}” with no conflicts. The review shows what the merge changed.";
    MergedConflicts => "已合并“{0}”，有 {1} 处冲突需要处理（F8 逐个查看）。", "Merged “{0}”: {1} conflict(s) to settle (F8 walks them).";
    MergedDrafts => "新增稿次：{0}。", "Drafts added: {0}.";
    MergeNoAncestor => "两个副本没有共同的稿次（发出前未记录稿次），无法合并；已打开对照审阅，请逐处采纳。", "The two copies share no recorded draft (none was recorded before sending), so they cannot be merged; the review now compares them for you to take changes one by one.";
    CommentNeedsSection => "请先在大纲中选择要批注的章节。", "Select the section to comment on in the outline first.";
    CommentOnlyOn => "此文件已设为仅可批注：收到的人可以批注，不能修改正文。", "The file is now for commenting only: whoever receives it can comment but not edit the text.";
    OpenForReview => "以审阅方式打开…", "Open for Review…";
    StopReviewing => "结束审阅方式（允许编辑）", "Stop Reviewing (Allow Editing)";
    ReviewingNotice => "以审阅方式打开：只能批注，不能修改正文。", "Opened for review: you can comment, not edit the text.";
    ReviewingStopped => "已结束审阅方式，正文可以编辑。", "No longer reviewing: the text can be edited.";
    ReviewingRefused => "以审阅方式打开的文件只能批注，正文不能修改（文件 → 结束审阅方式 可取消）。", "The file is open for review: the text cannot be edited (File → Stop Reviewing turns this off).";
    FeedbackUnitsTitle => "这些返回稿来自哪个单位？", "Which unit returned these copies?";
    FeedbackUnitsBody => "这些文件中的批注没有写明单位。请填写单位名称（先按文件名填好，下次汇总同一文件不再询问）。", "These copies' comments do not name a unit. Name each unit (the file name to start with; collecting the same file again will not ask).";
    CollectButton => "汇总", "Collect";
    ProposeMove => "建议调整位置", "Proposed move";
    ReviewingMark => "审阅方式（仅可批注）", "Reviewing (comments only)";
    CommentOnlyOff => "此文件已恢复为可编辑。", "The file can be edited again.";
    CommentOnlyRefused => "此文件仅可批注，正文不能修改（稿次 → 仅可批注 可取消）。", "This file is for commenting only; the text cannot be edited (Drafts → Comment only turns this off).";
    NoOpenComments => "没有未解决的批注。", "No open comments.";
    Collected => "已汇总 {0} 份反馈，新增 {1} 条意见。", "Collected {0} returned copies: {1} new opinions.";
    LeftOut => "未汇总：{0}", "Left out: {0}";
    PartlyAdoptedOpen => "部分采纳：已打开{0}，请在正文中修改。建议的文字：{1}（视图 → 反馈 可返回）", "Partly adopted: {0} is open; edit the text. Proposed: {1} (View → Feedback to go back)";
    CannotAdopt => "无法直接采纳：{0}。已打开该章节，请手动修改（部分采纳）。", "Cannot adopt as it is: {0}. The section is open for editing by hand (partly adopted).";
    InsertComment => "插入批注…", "Insert comment…";
    CommentOnSection => "批注本节…", "Comment on this section…";
    CommentsTitle => "批注", "Comments";
    CommentTitle => "插入批注", "Insert comment";
    CommentPassage => "原文", "Passage";
    CommentWholeSection => "（整节）", "(whole section)";
    CommentText => "批注内容", "Comment";
    CommentUnit => "单位", "Unit";
    AddCommentButton => "添加批注", "Add comment";
    Reply => "回复", "Reply";
    ResolveComment => "解决", "Resolve";
    ReopenComment => "重新打开", "Reopen";
    DeleteCommentButton => "删除", "Delete";
    NextComment => "下一条批注", "Next comment";
    PreviousComment => "上一条批注", "Previous comment";
    ShowComments => "显示批注栏", "Show comments";
    CommentOnlyMode => "仅可批注（征求意见）", "Comment only (for consultation)";
    CommentOnlyBanner => "仅可批注：正文只读，可选中文字后插入批注（Ctrl+Alt+M）。", "Comment only: the text is read-only; select text and insert a comment (Ctrl+Alt+M).";
    Orphaned => "原文已删改", "passage gone";
    SectionGone => "原章节已删除", "section deleted";
    NoComments => "本文件还没有批注。选中正文文字后按 Ctrl+Alt+M 插入批注。", "No comments yet. Select text and press Ctrl+Alt+M to comment.";
    Resolved => "已解决", "resolved";
    CollectFeedback => "汇总反馈…", "Collect feedback…";
    FeedbackView => "反馈（意见汇总）", "Feedback";
    ExportFeedbackTable => "导出意见采纳情况表", "Export the table of opinions";
    AllUnits => "全部单位", "All units";
    AllDecisions => "全部", "All";
    Undecided => "待定", "Undecided";
    FilterDecision => "采纳情况", "Decision";
    FilterSection => "章节", "Section";
    AllSections => "全部章节", "All sections";
    AdoptButton => "采纳并修改正文", "Adopt into the text";
    Reason => "理由或说明", "Reason";
    NoFeedback => "还没有汇总反馈。稿次 → 汇总反馈…，选择各单位返回的文件。", "No feedback collected yet. Drafts → Collect feedback…, and choose the copies units returned.";
    Proposal => "修改建议", "Proposed wording";
    OpinionComment => "意见", "Comment";
    ProposeDelete => "建议删除", "Proposes deleting";
    ProposeAdd => "建议增加", "Proposes adding";
    MergeFailed => "无法合并：{0}", "Cannot merge: {0}";
    BeforeMerge => "合并前", "Before the merge";
    ConflictsCount => "{0} 处冲突", "{0} conflict(s)";
    ConflictHeader => "冲突 {0}/{1}：{2}", "Conflict {0} of {1}: {2}";
    ConflictBase => "原文", "Base";
    ConflictOurs => "我的", "Mine";
    ConflictTheirs => "对方的", "Theirs";
    ConflictNothing => "（无）", "(nothing)";
    UseOurs => "用我的", "Use mine";
    UseTheirs => "用对方的", "Use theirs";
    KeepBoth => "两者都保留", "Keep both";
    EditByHand => "手动编辑", "Edit by hand";
    NextConflict => "下一处冲突", "Next conflict";
    ConflictChanged => "此处文字在合并后已被修改，无法自动采用某一方；请手动编辑。", "The text here was edited after the merge, so neither side can be put in automatically; edit it by hand.";
    ConflictsDone => "冲突已全部处理。", "Every conflict is settled.";
    ConflictTitle => "标题", "The title";
    ConflictStage => "稿次行", "The stage line";
    ConflictPreamble => "导语第 {0} 段", "Preamble, paragraph {0}";
    ConflictHeading => "{0} 的标题", "The heading of {0}";
    ConflictParagraph => "{0} 第 {1} 段", "{0}, paragraph {1}";
    ConflictDeletedByUs => "{0}：我方删除了此节，对方作了修改（暂时保留）", "{0}: deleted here, changed by them (kept for now)";
    ConflictDeletedByThem => "{0}：对方删除了此节，我方作了修改（暂时保留）", "{0}: deleted by them, changed here (kept for now)";
    ConflictMoved => "{0}：双方把此节移到了不同位置（现按我方位置）", "{0}: both moved it, to different places (it is where mine put it)";
    ExportConflicts => "文档还有 {0} 处合并冲突未处理，处理后才能导出。", "The document has {0} unsettled merge conflict(s); settle them before exporting.";
    DiscardButton => "不保存", "Don’t save";
    CancelButton => "取消", "Cancel";
    DeleteTitle => "删除章节", "Delete section";
    DeleteBody => "删除“{0}”及其下的全部段落和章节？（可撤销）", "Delete “{0}” with all its paragraphs and subsections? (This can be undone.)";
    DeleteButton => "删除", "Delete";
    RecoveryTitle => "恢复未保存的更改", "Recover unsaved changes";
    RecoveryBody => "发现“{0}”的恢复副本，其中有上次未保存的更改。是否恢复？", "A recovery copy of “{0}” holds changes that were not saved last time. Recover them?";
    RecoverButton => "恢复", "Recover";
    DiscardRecovery => "丢弃", "Discard";
    RecoveryUnreadable => "恢复副本无法读取，已原样保留在 {0}（{1}）", "A recovery copy could not be read; it is kept at {0} ({1})";
    FindLabel => "查找", "Find";
    ReplaceLabel => "替换为", "Replace with";
    MatchCase => "区分大小写", "Match case";
    Previous => "上一个", "Previous";
    Next => "下一个", "Next";
    ReplaceOne => "替换", "Replace";
    ReplaceAll => "全部替换", "Replace all";
    MatchOf => "第 {0} 处，共 {1} 处", "{0} of {1}";
    MatchCount => "共 {0} 处", "{0} matches";
    NoMatches => "无匹配", "No matches";
    Replaced => "已替换 {0} 处", "Replaced {0}";
    Preface => "标题与前言", "Title and preamble";
    MenuDrafts => "稿次", "Drafts";
    RecordDraft => "记录稿次…", "Record draft…";
    DraftList => "稿次列表…", "Drafts…";
    DraftName => "稿次名称（如 征求意见稿、送审稿、第3稿）", "Draft name (e.g. 征求意见稿, 送审稿, 第3稿)";
    Author => "记录人", "Author";
    Note => "说明", "Note";
    RecordButton => "记录", "Record";
    DraftRecorded => "已记录稿次“{0}”（保存文件后生效）", "Recorded draft “{0}” (kept when the file is saved)";
    DraftReplaces => "将替换同名稿次。", "This replaces the draft of the same name.";
    NoDrafts => "尚无稿次。用“稿次 → 记录稿次”保存当前稿的快照。", "No drafts yet. Use Drafts → Record draft to keep a snapshot of the working copy.";
    DraftTime => "时间", "Time";
    RestoreDraft => "恢复为当前稿", "Make working copy";
    DraftRestored => "已将稿次“{0}”恢复为当前稿（可撤销）", "Draft “{0}” is now the working copy (undo brings back the previous one)";
    RenameDraft => "重命名", "Rename";
    DeleteDraft => "删除", "Delete";
    CompareDraft => "与当前稿比较", "Compare with working copy";
    NameTaken => "已有同名稿次", "A draft of that name exists";
    WorkingCopy => "当前稿", "Working copy";
    ReviewView => "审阅视图（比较稿次）", "Review view (compare drafts)";
    Compare => "比较稿次…", "Compare drafts…";
    CompareFrom => "比较：从", "Compare";
    CompareTo => "到", "with";
    HideUnchanged => "隐藏未改动章节", "Hide unchanged sections";
    SideBySide => "左右对照", "Side by side";
    OtherFile => "其他文件…", "Another file…";
    PreviousChange => "上一处修改", "Previous change";
    NextChange => "下一处修改", "Next change";
    NoChanges => "两稿相同", "No changes";
    ChangeOf => "第 {0} 处修改，共 {1} 处", "Change {0} of {1}";
    ChangeCount => "共 {0} 处修改", "{0} changes";
    KindAdded => "新增", "added";
    KindRemoved => "删除", "removed";
    KindMoved => "移动", "moved";
    KindRenamed => "改标题", "renamed";
    KindModified => "修改", "modified";
    KindUnchanged => "未改", "unchanged";
    MovedHere => "移至此处", "moved here";
    AcceptChange => "接受", "Accept";
    RejectChange => "拒绝（恢复原文）", "Reject (bring back the old text)";
    Words => "{0} 字", "{0} 字 (words)";
    SectionWords => "本节 {0} 字", "Section: {0} 字";
    DocumentWords => "全文 {0} 字（汉字 {1}）", "Document: {0} 字 ({1} 汉字)";
    Saved => "已保存", "Saved";
    Unsaved => "未保存", "Not saved";
    SavedTo => "已保存到 {0}", "Saved to {0}";
    Opened => "已打开 {0}", "Opened {0}";
    ImportWarnings => "有 {0} 处需要核对（第一处：{1}）。", "{0} place(s) to check (the first: {1}).";
    ImportReport => "导入报告", "Import report";
    About => "关于 plandraft", "About plandraft";
    AboutName => "plandraft 规划起草", "plandraft";
    AboutText => "起草带编号的规划文本，比较各稿差异，征求意见，按 GB/T 9704-2012 排版打印。", "Drafting numbered planning documents, comparing drafts, collecting comments, printing to GB/T 9704-2012.";
    AboutVersion => "版本 {0}（构建于 {1}）", "Version {0} (built {1})";
    AboutPreferences => "偏好设置与恢复副本保存在：{0}", "Preferences and recovery copies are kept in: {0}";
    AboutNoPreferences => "偏好设置未保存（找不到用户数据目录）", "Preferences are not saved (no user data folder)";
    AboutLicence => "许可：MIT 或 Apache-2.0。内置字体：文泉驿微米黑（Apache-2.0 或 GPLv3 附字体例外）。", "Licence: MIT or Apache-2.0. Bundled font: WenQuanYi Micro Hei (Apache-2.0 or GPLv3 with font exception).";
    ImportReportTitle => "导入报告：{0}", "Import report: {0}";
    ImportNothingToCheck => "没有需要核对的地方。", "Nothing to check.";
    ImportGoTo => "转到", "Go to";
    KeepWrittenNumber => "保留原编号", "Keep the written number";
    WrittenNumberKept => "已保留原编号", "Written number kept";
    CloseButtonShort => "关闭", "Close";
    ImportedNotice => "已导入 {0}：{1} 个章节。保存时请选择 .ron 文件名。", "Imported {0}: {1} sections. Choose a .ron name when saving.";
    Error => "错误", "Error";
    OpenFailed => "无法打开：{0}", "Cannot open: {0}";
    SaveFailed => "保存失败，文档仍在窗口中：{0}", "Saving failed; the document is still here: {0}";
    EditFailed => "无法执行：{0}", "Cannot do that: {0}";
    NothingSelected => "请先在左侧大纲中选择一个章节。", "Select a section in the outline first.";
    ShortcutHeader => "操作", "Action";
    KeysHeader => "按键", "Keys";
    OutlineNavigation => "大纲中移动选择", "Move in the outline";
    DropHint => "拖动章节可调整位置：放在行的上/下部为同级，放在中间为下级。", "Drag a section to move it: drop on the top or bottom of a row for a sibling, on the middle for a child.";
}

/// `key`'s text in `lang` with `{0}`, `{1}`, … replaced by `args`.
pub fn tr_args(lang: Lang, key: Key, args: &[&str]) -> String {
    // One pass, so an argument that itself holds "{1}" (a file name) stays as it is.
    let template = key.text(lang);
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let arg = after
            .find('}')
            .and_then(|close| after[..close].parse::<usize>().ok().map(|i| (i, close)));
        match arg.and_then(|(i, close)| args.get(i).map(|a| (a, close))) {
            Some((a, close)) => {
                out.push_str(a);
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// A file-opening error in the UI language, naming the file and place.
pub fn open_error(lang: Lang, e: &OpenError) -> String {
    match e {
        OpenError::Storage(s) => storage_error(lang, s),
        OpenError::Import(i) => import_error(lang, i),
    }
}

/// A storage error in the UI language.
/// What an import could not take as written, in the UI's language.
pub fn import_warning(lang: Lang, w: &crate::core::import::ImportWarning) -> String {
    use crate::core::import::ImportWarning as W;
    if lang == Lang::En {
        return w.to_string();
    }
    match w {
        W::NumberMismatch {
            line,
            written,
            derived,
            ..
        } => format!("第{line}行：标题写作“{written}”，按位置应为“{derived}”，已编为“{derived}”"),
        W::NumberingRestarts { line, written } => {
            format!("第{line}行：编号从“{written}”重新开始，按原文保留（另一份文件或附件）")
        }
        W::MixedStyles {
            line,
            written,
            derived,
        } => format!("第{line}行：{written}与同级标题的编号样式不同，已编为{derived}"),
        W::FootnoteMarker {
            line,
            marker,
            context,
        } => format!("第{line}行：“{context}”中的{marker}像是原文的脚注标记，已保留，请核对后删除"),
        W::WordNote { line, text } => {
            format!("第{line}段：Word 文档此处有脚注（尾注），未放入正文：“{text}”")
        }
        W::WordComment { line, author, text } => {
            format!("第{line}段：{author}在标题或第一个标题之前的文字上的批注，无处保留：“{text}”")
        }
    }
}

/// What an import read and removed, a line each, in the UI's language.
pub fn import_summary(lang: Lang, r: &crate::core::import::ImportReport) -> Vec<String> {
    let zh = lang == Lang::Zh;
    let sections: usize = r.sections_per_level.iter().sum();
    let levels = r.sections_per_level.len();
    let source = match (r.word.is_some(), zh) {
        (true, true) => "格式",
        (true, false) => "format",
        (false, true) => "编码",
        (false, false) => "encoding",
    };
    let mut lines = vec![if zh {
        format!(
            "{sections} 个章节（{levels} 级），{} 段；{source}：{}",
            r.paragraphs, r.encoding
        )
    } else {
        format!(
            "{sections} sections ({levels} levels), {} paragraphs; {source}: {}",
            r.paragraphs, r.encoding
        )
    }];
    let d = r.debris;
    let removed: Vec<String> = [
        (d.bookmarks, "书签标记", "bookmark markers"),
        (d.toc_lines, "目录行", "table-of-contents lines"),
        (d.page_numbers, "页码行", "page-number lines"),
        (d.controls, "控制字符", "control characters"),
        (d.running_heads, "页眉行", "running heads"),
        (
            d.joined_lines,
            "断行（已接回段落）",
            "broken lines (joined)",
        ),
        (
            d.glued_headings,
            "粘连的标题（已拆开）",
            "glued headings (split)",
        ),
    ]
    .into_iter()
    .filter_map(|(n, z, e)| counted(zh, n, z, e, " 处"))
    .collect();
    if !removed.is_empty() {
        lines.push(if zh {
            format!("已清除：{}", removed.join("、"))
        } else {
            format!("Removed: {}", removed.join(", "))
        });
    }
    if let Some(w) = r.word {
        let parts: Vec<String> = [
            (
                w.outlined,
                "带大纲级别的标题",
                "headings with outline levels",
            ),
            (w.auto_numbers, "自动编号", "automatic numbers"),
            (
                w.insertions,
                "修订插入（已接受）",
                "tracked insertions (accepted)",
            ),
            (
                w.deletions,
                "修订删除（已接受）",
                "tracked deletions (accepted)",
            ),
            (
                w.toc_paragraphs,
                "目录段落（略去）",
                "table-of-contents paragraphs (left out)",
            ),
            (
                w.tables,
                "表格（按段落保留）",
                "tables (kept as paragraphs)",
            ),
            (
                w.text_boxes,
                "文本框（按段落保留）",
                "text boxes (kept as paragraphs)",
            ),
            (w.comments, "批注（已保留）", "comments (kept)"),
            (
                w.notes,
                "脚注尾注（见下）",
                "footnotes and endnotes (below)",
            ),
        ]
        .into_iter()
        .filter_map(|(n, z, e)| counted(zh, n, z, e, ""))
        .collect();
        if !parts.is_empty() {
            lines.push(if zh {
                format!("Word 文档：{}", parts.join("，"))
            } else {
                format!("Word file: {}", parts.join(", "))
            });
        }
    }
    lines
}

/// `n` things, named in Chinese (`zh`, with `unit` after the number) or English; None
/// for none.
fn counted(zh: bool, n: usize, chinese: &str, english: &str, unit: &str) -> Option<String> {
    (n > 0).then(|| {
        if zh {
            format!("{chinese} {n}{unit}")
        } else {
            format!("{n} {english}")
        }
    })
}

/// Why an opinion's wording cannot be adopted as it is, in the UI's language.
pub fn apply_error(lang: Lang, e: &crate::core::feedback::ApplyError) -> String {
    use crate::core::feedback::ApplyError as E;
    if lang == Lang::En {
        return e.to_string();
    }
    match e {
        E::NoWording => "批注没有提出具体文字".to_owned(),
        E::SectionGone(place) => format!("{place}已不在正文中"),
        E::TextChanged(place) => format!("{place}的这段文字在征求意见稿之后已被修改"),
    }
}

pub fn storage_error(lang: Lang, e: &StorageError) -> String {
    if lang == Lang::En {
        return e.to_string();
    }
    match e {
        StorageError::Io { path, reason, .. } => {
            format!("读取文件出错（{}）：{}", io_reason(reason), path.display())
        }
        StorageError::Write(w) => write_error(lang, w),
        StorageError::DuplicateDraft { path, name, line } => format!(
            "{}有两个稿次都叫“{name}”，请在文件中改名其中一个：{}",
            line.map(|l| format!("第 {l} 行：")).unwrap_or_default(),
            path.display()
        ),
        StorageError::TooLarge { path, size } => {
            format!("文件过大（{size} 字节）：{}", path.display())
        }
        StorageError::NotUtf8 { path, line } => {
            format!(
                "第 {line} 行：文件不是 UTF-8 文本，可能不是 plandraft 文件：{}",
                path.display()
            )
        }
        StorageError::Syntax {
            path,
            line,
            column,
            problem,
        } => format!(
            "第 {line} 行第 {column} 列：{}：{}",
            parse_problem(problem),
            path.display()
        ),
        StorageError::NotPlandraft { path, found } => {
            format!("不是 plandraft 文档（格式为“{found}”）：{}", path.display())
        }
        StorageError::NewerVersion { path, version } => format!(
            "该文件由更新版本的 plandraft 保存（格式版本 {version}），请升级后再打开：{}",
            path.display()
        ),
        StorageError::UnknownVersion { path, version } => {
            format!("未知的格式版本 {version}：{}", path.display())
        }
        StorageError::Invalid { path, problem } => {
            format!("文档内容无效（{problem}）：{}", path.display())
        }
        StorageError::BrokenDraft { path, problem } => format!(
            "稿次“{}”引用了文件中不存在的内容（{}）：{}",
            problem.draft,
            problem.key,
            path.display()
        ),
        StorageError::Serialize { path, message } => {
            format!("无法写出文档（{message}）：{}", path.display())
        }
        StorageError::ChangedOnDisk { path, holder } => format!(
            "文件在打开后已被{}修改并保存，未覆盖：{}",
            holder.as_ref().map_or_else(
                || "他人".to_owned(),
                |h| format!(" {}（{}）", h.user, h.host)
            ),
            path.display()
        ),
        StorageError::Shared(SharedError::Io {
            action,
            path,
            reason,
        }) => format!(
            "{}出错（{}）：{}",
            match action {
                LockStep::OpenLock => "打开锁文件",
                LockStep::Lock => "锁定文件",
                LockStep::WriteLock => "写锁文件",
                LockStep::ReadDocument => "读取文件",
            },
            io_reason(reason),
            path.display()
        ),
    }
}

/// What the system said, in Chinese for the common cases.
fn io_reason(e: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    match e.kind() {
        K::NotFound => "文件不存在".to_owned(),
        K::PermissionDenied => "没有权限".to_owned(),
        K::IsADirectory => "这是文件夹".to_owned(),
        K::StorageFull => "磁盘已满".to_owned(),
        K::ReadOnlyFilesystem => "磁盘只读".to_owned(),
        K::AlreadyExists => "文件已存在".to_owned(),
        _ => e.to_string(),
    }
}

/// A step of writing a file, in Chinese.
fn write_action(action: &Step) -> &'static str {
    match action {
        Step::ReadLink => "读取符号链接",
        Step::Look => "检查文件",
        Step::CreateTemp => "创建临时文件",
        Step::LockTemp => "锁定临时文件",
        Step::WriteTemp => "写入临时文件",
        Step::SyncTemp => "同步临时文件",
        Step::SetPermissions => "设置权限",
        Step::KeepBackup => "保留备份",
        Step::Replace => "替换文件",
    }
}

/// A parse problem in Chinese.
fn parse_problem(problem: &ParseProblem) -> String {
    let place = |p: &Place| match p {
        Place::File => "文件".to_owned(),
        Place::Record(name) => match name.as_str() {
            "document" => "文档".to_owned(),
            "section" => "章节".to_owned(),
            "packeddraft" => "稿次".to_owned(),
            "sectionbody" => "稿次章节".to_owned(),
            "numberingscheme" | "levelrule" => "编号规则".to_owned(),
            other => other.to_owned(),
        },
    };
    match problem {
        ParseProblem::TooDeep => "文件嵌套层级过深，不是 plandraft 文档".to_owned(),
        ParseProblem::CutShort => "文件在此处意外结束（可能不完整）".to_owned(),
        ParseProblem::UnknownField {
            field,
            place: p,
            known,
        } => format!(
            "{}中有本版本不认识的字段“{field}”（可能由更新版本或手工编辑加入；可识别的字段为 {}）。为免保存时丢失，本版本不打开此文件",
            place(p),
            known.join("、")
        ),
        ParseProblem::MissingField { field, place: p } => {
            format!("{}缺少字段“{field}”", place(p))
        }
        ParseProblem::DuplicateField { field, place: p } => {
            format!("{}中字段“{field}”出现了两次", place(p))
        }
        ParseProblem::TrailingText => "文档结束后还有多余内容".to_owned(),
        ParseProblem::Unexpected {
            expected: Place::File,
            found,
        } => format!("不是 plandraft 文档（应以 (format: \"plandraft\" 开头，实为“{found}”）"),
        ParseProblem::Unexpected { expected, found } => {
            format!("此处应为{}，实为“{found}”", place(expected))
        }
        ParseProblem::Other(text) => format!("格式错误（{text}）"),
    }
}

/// A write error in the UI language.
pub fn write_error(lang: Lang, e: &WriteError) -> String {
    if lang == Lang::En {
        return e.to_string();
    }
    match e {
        WriteError::Exists { path } => format!("文件已存在，未替换：{}", path.display()),
        WriteError::IsInput { path, input } => format!(
            "输出文件就是输入文件 {}，请换一个文件名：{}",
            input.display(),
            path.display()
        ),
        WriteError::ReadOnly { path } => {
            format!("文件是只读的，请另存为其他文件：{}", path.display())
        }
        WriteError::NotRegular { path, kind } => {
            let kind = match kind {
                FileKind::Folder => "文件夹",
                FileKind::Fifo => "命名管道",
                FileKind::Device => "设备",
                FileKind::Socket => "套接字",
                FileKind::Other => "非普通文件",
            };
            format!("不能用文件替换{kind}：{}", path.display())
        }
        WriteError::LinkLoop { path } => format!("符号链接形成了循环：{}", path.display()),
        WriteError::NoFolder { path } => format!("文件夹不存在：{}", path.display()),
        WriteError::Io {
            action,
            path,
            reason,
        } => format!(
            "写入文件出错（{}：{}）：{}",
            write_action(action),
            io_reason(reason),
            path.display()
        ),
    }
}

/// An import error in the UI language.
pub fn import_error(lang: Lang, e: &ImportError) -> String {
    if lang == Lang::En {
        return e.to_string();
    }
    match e {
        ImportError::Io { path, reason } => {
            format!("无法读取（{}）：{}", io_reason(reason), path.display())
        }
        ImportError::TooLarge { path, size } => {
            format!("文件过大（{size} 字节），不像规划文本：{}", path.display())
        }
        ImportError::Decode { path, problem } => match problem {
            DecodeError::Binary { what, offset } => format!(
                "这不是文本文件（{}{}）。请先在 Word/WPS 中另存为纯文本：{}",
                match what {
                    BinaryKind::Zip => "是 zip 压缩包",
                    BinaryKind::OldWord => "是旧版 Word .doc 文档，请另存为 .docx",
                    BinaryKind::Pdf => "是 PDF 文件",
                    BinaryKind::Png => "是 PNG 图片",
                    BinaryKind::Jpeg => "是 JPEG 图片",
                    BinaryKind::Rtf => "是 RTF 文件",
                    BinaryKind::Program => "是程序文件",
                    BinaryKind::Nul => "含有空字节",
                    BinaryKind::Controls => "满是控制字符",
                },
                offset.map(|o| format!("；第 {o} 字节")).unwrap_or_default(),
                path.display()
            ),
            DecodeError::Undecodable {
                encoding,
                offset,
                line,
            } => format!(
                "第 {line} 行（第 {offset} 字节）无法按 {encoding} 解码：{}",
                path.display()
            ),
        },
        ImportError::Word { path, problem } => match problem {
            DocxError::Zip(reason) => {
                format!("Word 文档已损坏，无法解压（{reason}）：{}", path.display())
            }
            DocxError::NotWord => format!(
                "这是 zip 压缩包，但不是 Word .docx 文档（缺少 word/document.xml）：{}",
                path.display()
            ),
            DocxError::Xml { part, message } => format!(
                "Word 文档已损坏：{part} 不是合格的 XML（{message}）：{}",
                path.display()
            ),
            DocxError::TooLarge { part } => format!(
                "Word 文档过大，不像规划文本（{part} 解压后超过 256 MB）：{}",
                path.display()
            ),
            DocxError::TooDeep { part } => format!(
                "Word 文档嵌套过深（{part} 超过 200 层）：{}",
                path.display()
            ),
        },
    }
}

/// An edit error in the UI language.
pub fn edit_error(lang: Lang, e: &EditError) -> String {
    if lang == Lang::En {
        return e.to_string();
    }
    match e {
        EditError::UnknownSection(_) => "章节不存在".to_owned(),
        EditError::OutOfRange { .. } => "位置超出范围".to_owned(),
        EditError::NotCharBoundary(_) => "位置不在字符边界上".to_owned(),
        EditError::IntoOwnSubtree => "不能把章节移到它自己的下级".to_owned(),
        EditError::TooDeep => format!("章节层级不能超过 {} 级", crate::core::document::MAX_DEPTH),
        EditError::AlreadyFirst => "已经是同级的第一个".to_owned(),
        EditError::AlreadyLast => "已经是同级的最后一个".to_owned(),
        EditError::AlreadyTopLevel => "已经是最高一级".to_owned(),
        EditError::DuplicateId(_) => "章节编号重复".to_owned(),
    }
}

/// Who has a file open, as the UI names them: 张三（HOST）.
pub fn holder_name(lang: Lang, holder: &crate::core::shared::Holder) -> String {
    match lang {
        Lang::Zh => format!("{}（{}）", holder.user, holder.host),
        Lang::En => format!("{} ({})", holder.user, holder.host),
    }
}

/// A moment, to the minute, in the computer's local time (2026-12-02 14:05).
pub fn clock_time(time: std::time::SystemTime) -> String {
    let local: chrono::DateTime<chrono::Local> = time.into();
    local.format("%Y-%m-%d %H:%M").to_string()
}

/// A kind of change's name, as the review and the outline show it.
pub fn change_kind(lang: Lang, kind: crate::core::diff::ChangeKind) -> &'static str {
    use crate::core::diff::ChangeKind;
    let key = match kind {
        ChangeKind::Added => Key::KindAdded,
        ChangeKind::Removed => Key::KindRemoved,
        ChangeKind::Moved => Key::KindMoved,
        ChangeKind::Renamed => Key::KindRenamed,
        ChangeKind::Modified => Key::KindModified,
        ChangeKind::Unchanged => Key::KindUnchanged,
    };
    key.text(lang)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arguments_are_filled_in() {
        assert_eq!(
            tr_args(Lang::Zh, Key::MatchOf, &["3", "17"]),
            "第 3 处，共 17 处"
        );
        assert_eq!(tr_args(Lang::En, Key::MatchOf, &["3", "17"]), "3 of 17");
        assert_eq!(tr_args(Lang::En, Key::MatchOf, &["{1}", "x"]), "{1} of x");
    }
}
