from shandong.popolo import Popolo

from ._export import ExportCommand


class Command(ExportCommand):
    help = (
        "Write every published person, organisation, position, place and statement as one "
        "Popolo JSON document (to standard output, or --output FILE)."
    )

    def parts(self, origin):
        return Popolo(origin).parts()
