"""Every sentence a member reads, in the member's language: message ids are the English source
sentences, with named placeholders filled in after translation (see CONTRIBUTING.md).

Plain Python and Babel, no discord.py: every layer that words an answer can use it, and the
layers below it speak in typed outcomes only.
"""

from bot.i18n.catalogs import ENGLISH, translator_for
from bot.i18n.translator import Translator, msgid

__all__ = ["ENGLISH", "Translator", "msgid", "translator_for"]
