"""The editor's style sheet (scoped by object names, so dialogs keep the platform look)."""

STYLE = """
#editorPage { background: #f4f6f8; }
#pageTitle { font-size: 15pt; font-weight: 600; color: #101828; }
#pageDescription { color: #475467; }
#subsectionTitle { font-size: 11.5pt; font-weight: 600; color: #1d2939; padding-top: 6px; }
#subsectionMeta { color: #667085; }
#notApplicable { color: #667085; font-style: italic; padding: 12px; }

#itemCard { background: #ffffff; border: 1px solid #dde3ea; border-radius: 8px; }
#itemCard[invalid="true"] { border: 1px solid #d92d20; }
#itemCard[dropping="true"] { border: 2px dashed #2563eb; background: #eff6ff; }
#itemCard[kind="note"] { background: #f8fafc; border: 1px solid #e4e7ec; }
#itemCard[flash="true"] { border: 2px solid #2563eb; }
#itemCode { color: #475467; font-weight: 600; }
#itemLabel { color: #101828; font-weight: 500; }
#noteText { color: #344054; font-style: italic; }
#hint { color: #475467; }
#meta { color: #667085; font-size: 8.5pt; }
#requiredMarker { color: #d92d20; font-weight: 700; font-size: 12pt; }
#criticalBadge { background: #fff1e6; color: #b54708; border: 1px solid #f9c89b;
                 border-radius: 4px; padding: 0px 5px; font-size: 7.5pt; font-weight: 700; }
#originBadge { background: #eef2f7; color: #475467; border: 1px solid #d0d5dd;
    border-radius: 3px; padding: 1px 6px; font-size: 8pt; }
#prefillBadge { background: #eff8ff; color: #175cd3; border: 1px solid #b2ddff;
    border-radius: 3px; padding: 1px 6px; font-size: 8pt; }
#inlineError { color: #b42318; font-weight: 500; }
#calculated { font-weight: 600; color: #101828; padding: 2px 8px; background: #f2f4f7;
              border-radius: 4px; }
#emptyValue { color: #98a2b3; padding-left: 4px; }
#signature { border: 1px dashed #c8d0da; border-radius: 6px; color: #98a2b3; }
#linkButton { border: 2px solid transparent; color: #1d4ed8; padding: 0px 2px;
              background: transparent; border-radius: 4px; }
#linkButton:focus { border: 2px solid #2563eb; background: #eff6ff; }
QLabel[link="true"] { border: 2px solid transparent; border-radius: 4px; }
QLabel[link="true"]:focus { border: 2px solid #2563eb; background: #eff6ff; }
#linkButton:hover { text-decoration: underline; }
#linkButton:checked { color: #1e3a8a; font-weight: 600; }

#choice { border: 2px solid transparent; border-radius: 8px; }
#choice:focus { border: 2px solid #2563eb; background: #f5f8ff; }
#choice QPushButton { padding: 5px 12px; border: 1px solid #c8d0da; border-radius: 6px;
                      background: #ffffff; color: #1d2939; }
#choice QPushButton:hover { border-color: #2563eb; }
#choice:focus QPushButton[keyCursor="true"] { border: 2px dashed #1d4ed8; }
#choice:focus QRadioButton[keyCursor="true"], #choice:focus QCheckBox[keyCursor="true"] {
    text-decoration: underline; }
#choice QPushButton:checked { color: #ffffff; font-weight: 600; }
#choice QPushButton[tone="pass"]:checked { background: #1f7a3a; border-color: #1f7a3a; }
#choice QPushButton[tone="fail"]:checked { background: #b42318; border-color: #b42318; }
#choice QPushButton[tone="na"]:checked { background: #667085; border-color: #667085; }
#choice QPushButton[tone="plain"]:checked { background: #1d4ed8; border-color: #1d4ed8; }
#choice QPushButton:disabled { color: #98a2b3; }
#choice QPushButton:checked:disabled { color: #ffffff; }

#topBar { background: #ffffff; border-bottom: 1px solid #dde3ea; }
#formTitle { font-size: 12.5pt; font-weight: 600; color: #101828; }
#subjectLabel { color: #475467; }
#statusPill { border-radius: 9px; padding: 2px 10px; background: #eef2f6; color: #344054;
              font-weight: 600; }
#saveStatus { color: #1f7a3a; font-weight: 600; }
#saveStatus[state="saving"] { color: #475467; font-weight: 500; }
#saveStatus[state="failed"] { color: #b42318; }
#finaliseButton { padding: 6px 16px; font-weight: 600; }

#unsavedBanner { background: #b42318; }
#unsavedBanner QLabel { color: #ffffff; font-weight: 700; }
#unsavedBanner QLabel#bannerHint { font-weight: 400; }
#unsavedBanner QPushButton { background: #ffffff; color: #b42318; border-radius: 5px;
                             padding: 5px 14px; font-weight: 700; border: none; }
#infoBanner { background: #fef7e0; border-bottom: 1px solid #f2d28b; }
#infoBanner QLabel { color: #7a4b00; }
#undoToast { background: #e8f0fe; border-bottom: 1px solid #aecbfa; }
#undoToast QLabel { color: #174ea6; }

#navPanel { background: #ffffff; border-right: 1px solid #dde3ea; }
#overallLabel { color: #475467; }
#scorePanel { background: #ffffff; }
#evidenceList { background: transparent; }
#panelTitle { font-size: 11pt; font-weight: 600; color: #101828; }
#panelSubtitle { font-weight: 600; color: #344054; margin-top: 8px; qproperty-indent: 0; }
#scoreBig { font-size: 22pt; font-weight: 700; color: #101828; }
#verdict { font-weight: 700; }
"""
