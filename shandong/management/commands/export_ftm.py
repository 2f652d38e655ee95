from shandong.ftm import FollowTheMoney

from ._export import ExportCommand


class Command(ExportCommand):
    help = (
        "Write every published record as FollowTheMoney entities, one JSON object a line "
        "(to standard output, or --output FILE)."
    )

    def parts(self, origin):
        return FollowTheMoney(origin).lines()
