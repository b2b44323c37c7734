"""The main window's View menu for the eyes (text size, high contrast) and how it shows pages at any text size.

Pages sit in a scroll area: at 200 % a page wider or taller than a laptop's screen scrolls, never clips, and the
widget with the keyboard is scrolled into view. The page list fits its words to the size (the status bar cuts its
own labels short, ui/statusbar.py).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSettings, Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QLabel,
    QListWidget,
    QMainWindow,
    QMenu,
    QScrollArea,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.i18n import tr
from ui import settings as user
from ui.statusbar import ElectionStatusBar
from ui.theme import TEXT_SCALES, Look, apply_style, current_look

PAGE_POLICY = "polldeskPagePolicy"   # a page's own size policy, kept while it is not on screen
NAVIGATION_WIDTH = (150, 420)   # the page list is as wide as its longest title, within these bounds (px)
ITEM_PADDING = 2 * 14 + 2 * 6   # the page list's item padding and frame (style.qss), both sides


class PageColumn(QWidget):
    """The banner above the pages, as tall as the page on screen needs at a given width (a stacked layout
    would ask every page, hidden or not, and the tallest would make every page scroll)."""

    def __init__(self, banner: QLabel, pages: QStackedWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.banner, self.pages = banner, pages
        self.column = QVBoxLayout(self)
        self.column.setContentsMargins(0, 0, 0, 0)
        self.column.addWidget(banner)
        self.column.addWidget(pages, 1)

    def heightForWidth(self, width: int) -> int:  # noqa: N802 (Qt's name)
        page = self.pages.currentWidget()
        if page is None:
            return -1
        height = page.minimumSizeHint().height()
        if page.hasHeightForWidth():
            height = max(height, page.heightForWidth(width))
        if self.banner.isVisibleTo(self):
            height += self.banner.heightForWidth(width) + max(0, self.column.spacing())
        return height


class PageScroll(QScrollArea):
    """The scroll area of the pages: it fits the page to the window again whenever the page's layout changes
    (a message shown and hidden again), not only when the window is resized, and keeps the widget with the
    keyboard in view."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if watched is self.widget() and event.type() == QEvent.Type.LayoutRequest:
            QApplication.postEvent(self, QEvent(QEvent.Type.LayoutRequest))
        return super().eventFilter(watched, event)

    def event(self, event: QEvent) -> bool:
        handled = super().event(event)
        if event.type() == QEvent.Type.LayoutRequest:
            self.show_focus()
        return handled

    def show_focus(self) -> None:
        """Scroll the widget with the keyboard into view (when it is on one of the pages)."""
        focus = QApplication.focusWidget()
        page = self.widget()
        if focus is not None and page is not None and page.isAncestorOf(focus):
            self.ensureWidgetVisible(focus, 16, 16)


class ViewLook(QMainWindow):
    """MainWindow's part for View > Text size and View > High contrast, the sidebar and the page scroll area."""

    # made by MainWindow.__init__
    settings: QSettings
    navigation: QListWidget
    stack: QStackedWidget
    status: ElectionStatusBar

    def _make_look_actions(self) -> None:
        self.scale_group = QActionGroup(self)
        self.scale_actions: dict[int, QAction] = {}
        for number, scale in enumerate(TEXT_SCALES, start=1):
            action = QAction(f"&{number}  {scale}%", self.scale_group)   # Alt+1, 2, 3…: 100 % and 125 % share their 1
            action.setCheckable(True)
            action.triggered.connect(lambda _=False, s=scale: self.set_look(Look(s, current_look().high_contrast)))
            self.scale_actions[scale] = action
        self.contrast_action = QAction(self)
        self.contrast_action.setCheckable(True)
        self.contrast_action.setShortcut(QKeySequence("Ctrl+Shift+H"))
        self.contrast_action.triggered.connect(lambda on: self.set_look(Look(current_look().scale, bool(on))))

    def _add_look_menu(self, view_menu: QMenu) -> None:
        view_menu.addSeparator()
        self.text_size_menu = view_menu.addMenu("")
        self.text_size_menu.addActions(list(self.scale_actions.values()))
        view_menu.addAction(self.contrast_action)

    def _name_look_menu(self) -> None:
        self.text_size_menu.setTitle(tr("&Text size"))
        self.contrast_action.setText(tr("&High contrast"))
        self._check_look()

    def set_look(self, look: Look) -> None:
        """View > Text size and View > High contrast: restyle every window at once, and remember it."""
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        apply_style(app, look)
        user.save_look(self.settings, look)
        self._check_look()
        self._fit_navigation()

    def _check_look(self) -> None:
        look = current_look()
        if look.scale in self.scale_actions:
            self.scale_actions[look.scale].setChecked(True)
        self.contrast_action.setChecked(look.high_contrast)

    # ---- fitting the words to the text size ----------------------------------------------------

    def _sidebar(self) -> QWidget:
        """The page list, and under it who is signed in and the last backup (wrapped, never cut off).

        They were in the status bar, which at 200 % text made the window wider than a laptop's screen.
        """
        self.sidebar = QWidget(self)
        column = QVBoxLayout(self.sidebar)
        column.setContentsMargins(0, 0, 0, 0)
        self.user_label = QLabel(self.sidebar)
        self.user_label.setObjectName("signedIn")
        self.backup_label = QLabel(self.sidebar)
        self.backup_label.setObjectName("backup")
        column.addWidget(self.navigation, 1)
        for label in (self.user_label, self.backup_label):
            label.setWordWrap(True)
            column.addWidget(label)
        self.sidebar.setFixedWidth(NAVIGATION_WIDTH[0])
        return self.sidebar

    def _fit_navigation(self) -> None:
        """The page list as wide as its longest title at the text size in use (within NAVIGATION_WIDTH)."""
        self.navigation.ensurePolished()
        metrics = self.navigation.fontMetrics()
        texts = [self.navigation.item(n).text() for n in range(self.navigation.count())]
        widest = max([metrics.horizontalAdvance(t) for t in texts] + [0])
        room = widest + ITEM_PADDING + self.navigation.verticalScrollBar().sizeHint().width()
        self.sidebar.setFixedWidth(max(NAVIGATION_WIDTH[0], min(NAVIGATION_WIDTH[1], room)))

    # ---- the pages' scroll area --------------------------------------------------------------

    def page_scroll(self, banner: QLabel, pages: QStackedWidget) -> QScrollArea:
        """The banner and the pages inside a scroll area: a page wider or taller than the screen (at 200 % text)
        scrolls, and a long banner scrolls away with it instead of taking the page's room for good."""
        scroll = PageScroll(self)
        self.page_scroller = scroll
        scroll.setObjectName("pageScroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        content = PageColumn(banner, pages, scroll)
        scroll.setWidget(content)
        content.installEventFilter(scroll)
        pages.currentChanged.connect(lambda _: size_by_current_page(pages))
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._follow_focus)
        return scroll

    def _follow_focus(self, _old: QWidget | None, _new: QWidget | None) -> None:
        """The widget with the keyboard is always on screen, also when the page is larger than the window."""
        self.page_scroller.show_focus()


def size_by_current_page(pages: QStackedWidget) -> None:
    """The pages take the size the page on screen needs, not the largest page's (the counting page's
    height would make every page scroll on a 768-pixel screen): pages not on screen ask for no room."""
    for number in range(pages.count()):
        page = pages.widget(number)
        if page is None:
            continue
        if page.property(PAGE_POLICY) is None:
            page.setProperty(PAGE_POLICY, page.sizePolicy())
        policy = page.property(PAGE_POLICY) if page is pages.currentWidget() else QSizePolicy(
            QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        page.setSizePolicy(policy)
    current = pages.currentWidget()
    if current is not None:     # its wrapped words are laid out again for the room it has now
        for widget in (current, *current.findChildren(QWidget)):
            layout = widget.layout()
            if layout is not None:
                layout.invalidate()
    pages.updateGeometry()
