"""The selected voter's card at the desk: who, where they vote, and whether a ballot was already issued."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QFrame, QLabel, QVBoxLayout, QWidget

from app.i18n import tr
from app.pollbook.desk import IssuedBallot, VoterCard
from app.pollbook.eligibility import removal_reason
from ui.desk.words import kind_word, sex_word
from ui.login.look import message_label, show_message

FIELDS = ("name", "sex_age", "group", "household", "masked_id", "place", "status")


def issued_text(issued: IssuedBallot) -> str:
    """When, where, by whom and how a ballot was issued."""
    text = tr("Ballot issued at {time} at {place} by {clerk} ({kind}).", time=issued.time, place=issued.place,
              clerk=issued.clerk, kind=kind_word(issued.kind))
    if issued.proxy_name:
        text += " " + tr("Proxy: {name}.", name=issued.proxy_name)
    if issued.holder_name:
        text = tr("The household's ballot went to {name}.", name=issued.holder_name) + " " + text
    return text


class VoterCardView(QFrame):
    """Name in large type, then sex and age, group, household, masked ID, place and status."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("voterCard")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet("QFrame#voterCard { border: 2px solid #455a64; border-radius: 6px; background: #ffffff; }"
                           " QLabel#voterName { font-size: 28pt; font-weight: bold; }")
        self.card: VoterCard | None = None
        self.empty = QLabel(self)
        self.empty.setWordWrap(True)
        self.values = {name: QLabel(self) for name in FIELDS}
        self.values["name"].setObjectName("voterName")
        self.captions = {name: QLabel(self) for name in FIELDS if name != "name"}
        form = QFormLayout()
        form.addRow(self.values["name"])
        for name, caption in self.captions.items():
            self.values[name].setWordWrap(True)
            form.addRow(caption, self.values[name])
        self.warning = message_label(self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.empty)
        layout.addLayout(form)
        layout.addWidget(self.warning)
        layout.addStretch(1)
        self.show_card(None)

    def show_card(self, card: VoterCard | None) -> None:
        """Show a voter (None: nobody selected)."""
        self.card = card
        self.empty.setText(tr("No voter selected. Type in the search box (F2)."))
        self.empty.setVisible(card is None)
        captions = {"sex_age": tr("Sex, age"), "group": tr("Resident group"), "household": tr("Household"),
                    "masked_id": tr("ID number"), "place": tr("Votes at"), "status": tr("Status")}
        for name, caption in self.captions.items():
            caption.setText(captions[name])
            caption.setVisible(card is not None)
        for label in self.values.values():
            label.setVisible(card is not None)
        if card is None:
            show_message(self.warning, "")
            return
        self.values["name"].setText(card.name)
        self.values["sex_age"].setText(tr("{sex}, {age} years", sex=sex_word(card.sex), age=card.age))
        self.values["group"].setText(card.group or "-")
        self.values["household"].setText(card.household or "-")
        self.values["masked_id"].setText(card.masked_id)
        self.values["place"].setText(card.assigned_place or tr("any place of the community"))
        self.values["status"].setText(self.status_text(card))
        if card.removed:
            show_message(self.warning, tr("Removed from the register ({reason}): no ballot.",
                                          reason=removal_reason(card.removed_reason or "")))
        elif card.other_place:
            show_message(self.warning, tr("Assigned to {place}, not here. Voting here needs the station chief's "
                                          "approval.", place=card.assigned_place), "warn")
        else:
            show_message(self.warning, "")

    def retranslate(self) -> None:
        """The captions and the card again in the language now in use."""
        self.show_card(self.card)

    @staticmethod
    def status_text(card: VoterCard) -> str:
        """Not voted yet, or when/where/by whom the ballot was issued."""
        if card.removed:
            return tr("removed from the register")
        if card.issued is None:
            return tr("not voted")
        return issued_text(card.issued)
