"""One channel's edit dialog (Settings > Channels' Add and Edit): name, kind, whether it
is on, its rate, its URL where that is no secret, the kind's options, and its secrets
as password fields. A secret is never shown nor prefilled: the field says whether one
is stored and where (the keyring, or the 0600 file when there is none); typing
replaces it, "Forget" removes it, a blank field keeps it.

OK checks the table (core/channel_spec.py), then saves through WindowChannels (secrets
to the store, [[channels]] to the settings, the Deliveries rebuilt) and closes; what
fails is said in the dialog, which stays open. Opened with open(), never exec()."""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ...core.channel_spec import (
    DEFAULT_PER_MIN,
    KINDS,
    OPTIONS,
    PER_MIN,
    SECRET_FIELDS,
    ChannelSpec,
    channel_from_table,
)
from ...core.errors import FlowDeckError
from ...storage.atomic import StorageError
from ...storage.secrets import SecretStoreError
from ..look.theme import tint
from .channel_fields import FLAGS, LABELS, option_text, option_value
from .window_channels import WindowChannels

# Each provider as its users know it; not translated (names of products).
KIND_LABELS = {"webhook": "Webhook (JSON POST)", "wecom": "WeCom 企业微信",
               "dingtalk": "DingTalk 钉钉", "feishu": "Feishu / Lark 飞书",
               "telegram": "Telegram", "slack": "Slack", "email": "E-mail (SMTP)"}


class ChannelEditDialog(QDialog):
    def __init__(self, channels: WindowChannels, spec: ChannelSpec | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("channelEditDialog")
        self.channels, self.old = channels, spec
        self.name = QLineEdit(objectName="channelName", maxLength=40)
        self.kind = QComboBox(objectName="channelKind")
        for kind in KINDS:
            self.kind.addItem(KIND_LABELS[kind], kind)
        self.enabled = QCheckBox(objectName="channelEnabled", checked=True)
        self.per_min = QSpinBox(objectName="channelPerMin")
        self.fields = QWidget(objectName="channelFields")
        self.form = QFormLayout(self.fields)
        self.form.setContentsMargins(0, 0, 0, 0)  # its rows line up with the ones above
        self.where = QLabel(objectName="channelSecretsWhere", wordWrap=True)
        self.error = QLabel(objectName="channelError", wordWrap=True)
        tint(self.error, "error")
        self.error.hide()
        self.edits: dict[str, QLineEdit | QCheckBox] = {}
        self.forget: dict[str, QCheckBox] = {}
        self._labels: dict[str, QLabel] = {}
        self.top_labels = {k: QLabel() for k in ("name", "kind", "enabled", "per_min")}
        top = QFormLayout()
        top.addRow(self.top_labels["name"], self.name)
        top.addRow(self.top_labels["kind"], self.kind)
        top.addRow(self.top_labels["enabled"], self.enabled)
        top.addRow(self.top_labels["per_min"], self.per_min)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel,
                                        objectName="channelButtons")
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.fields)
        layout.addWidget(self.where)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        if spec is not None:
            self.name.setText(spec.name)
            self.kind.setCurrentIndex(KINDS.index(spec.kind))
            self.enabled.setChecked(spec.enabled)
        self._show_kind(spec)
        self.kind.currentIndexChanged.connect(lambda _: self._show_kind(None))
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Alert channel"))
        for key, text in (("name", self.tr("Name")), ("kind", self.tr("Kind")),
                          ("enabled", self.tr("On")),
                          ("per_min", self.tr("Messages a minute at most"))):
            self.top_labels[key].setText(text)
        for field, label in self._labels.items():
            label.setText(self.tr(LABELS[field]))
        for box in self.forget.values():
            box.setText(self.tr("Forget"))
        store = self.channels.store()
        self.where.setText(
            self.tr("Secrets are stored in the keyring ({backend}).").format(
                backend=store.backend) if not store.fallback else
            self.tr("No keyring is available: secrets are stored in {path} (readable only "
                    "by you, not encrypted).").format(path=store.path))
        tint(self.where, "warning" if store.fallback else "dim")
        self._placeholders()

    def changeEvent(self, event: QEvent) -> None:  # Qt calls it
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    @property
    def kind_name(self) -> str:
        return self.kind.currentData()

    def _show_kind(self, spec: ChannelSpec | None) -> None:
        """The rows of the kind chosen: URL (when no secret), options, secrets; values
        of `spec` when it is the channel edited."""
        while self.form.rowCount():
            self.form.removeRow(0)
        self.edits.clear()
        self.forget.clear()
        self._labels.clear()
        kind = self.kind_name
        limit = PER_MIN[kind] or DEFAULT_PER_MIN
        self.per_min.setRange(1, limit)
        self.per_min.setValue(spec.per_min if spec is not None else limit)
        rows = ([] if "url" in SECRET_FIELDS[kind] or kind in ("telegram", "email")
                else ["url"])
        for field in rows + list(OPTIONS[kind]):
            edit: QLineEdit | QCheckBox
            if field in FLAGS:
                edit = QCheckBox(objectName=f"channel_{field}")
                edit.setChecked(bool(spec and spec.options.get(field)))
            else:
                edit = QLineEdit(objectName=f"channel_{field}")
                value = (spec.url if field == "url" else spec.options.get(field)) if spec else None
                edit.setText(option_text(field, value))
            self._row(field, edit)
        for field in SECRET_FIELDS[kind]:
            edit = QLineEdit(objectName=f"secret_{field}", echoMode=QLineEdit.EchoMode.Password)
            holder = QWidget()
            line = QHBoxLayout(holder)
            line.setContentsMargins(0, 0, 0, 0)
            line.addWidget(edit, 1)
            if self._stored(field):
                self.forget[field] = QCheckBox(self.tr("Forget"), objectName=f"forget_{field}")
                line.addWidget(self.forget[field])
            self.edits[field] = edit
            self._labels[field] = QLabel(self.tr(LABELS[field]))
            self.form.addRow(self._labels[field], holder)
        self._placeholders()

    def _row(self, field: str, edit: QLineEdit | QCheckBox) -> None:
        self.edits[field] = edit
        self._labels[field] = QLabel(self.tr(LABELS[field]))
        self.form.addRow(self._labels[field], edit)

    def _stored(self, field: str) -> bool:
        """Whether the channel edited has this secret (stored or typed into the file)."""
        if self.old is None or self.kind_name != self.old.kind:
            return False
        return self.channels.has_secret(self.old.name, field)

    def _placeholders(self) -> None:
        store = self.channels.store()
        for field in SECRET_FIELDS[self.kind_name]:
            edit = self.edits.get(field)
            if not isinstance(edit, QLineEdit):
                continue
            if not self._stored(field):
                edit.setPlaceholderText(self.tr("not set"))
            elif store.fallback:
                edit.setPlaceholderText(self.tr("stored in the secrets file (no keyring); "
                                                "type to replace"))
            else:
                edit.setPlaceholderText(self.tr("stored in the keyring; type to replace"))

    def table(self) -> dict:
        """The [[channels]] table the dialog shows (secrets apart); ValueError when an
        option does not read."""
        kind = self.kind_name
        table: dict = {"name": self.name.text().strip(), "kind": kind,
                       "enabled": self.enabled.isChecked(), "per_min": self.per_min.value()}
        options: dict = {}
        for field, edit in self.edits.items():
            if field in SECRET_FIELDS[kind]:
                continue
            if isinstance(edit, QCheckBox):
                if edit.isChecked():
                    options[field] = True
                continue
            value = option_value(field, edit.text())
            if field == "url":
                table["url"] = value or ""
            elif value is not None:
                options[field] = value
        table["options"] = options
        return table

    def save(self) -> None:
        try:
            spec = channel_from_table(self.table())
        except (ValueError, FlowDeckError) as exc:
            return self._say(exc.message if isinstance(exc, FlowDeckError) else str(exc))
        if spec.name != (self.old.name if self.old else None) and any(
                s.name == spec.name for s in self.channels.specs()[0]):
            return self._say(self.tr("A channel named {name} exists already.").format(
                name=spec.name))
        typed = {f: e.text() for f, e in self.edits.items()
                 if f in SECRET_FIELDS[spec.kind] and isinstance(e, QLineEdit) and e.text()}
        forget = [f for f, box in self.forget.items() if box.isChecked() and f not in typed]
        try:
            self.channels.save_channel(self.old.name if self.old else None, spec, typed,
                                       forget)
        except (SecretStoreError, StorageError) as exc:
            return self._say(str(exc))
        self.accept()

    def _say(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()
