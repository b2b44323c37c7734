"""Live turnout at a station: issued by place, way of issuing and hour, as bar charts with numbers."""

from ui.turnout.page import TurnoutPage

__all__ = ["TurnoutPage"]
