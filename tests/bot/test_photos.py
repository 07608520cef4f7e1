"""Citizens' photos: decoded and verified, stripped of what they carried, bounded in pixels, in number
per complaint and per day, and written only when they are kept."""

from __future__ import annotations

import io
import time
from pathlib import Path

import pytest
from PIL import Image

from bot.attachments import AttachmentRejectedError, AttachmentStore
from bot.deps import BotSettings
from bot.incoming import CheckedPhoto, ContentType
from core.clock import FrozenClock
from tests import images
from tests.bot.conftest import Citizen


def stored_files(root: Path) -> list[Path]:
    return sorted(path for path in (root / "attachments").rglob("*") if path.is_file())


@pytest.fixture
def store(tmp_path: Path) -> AttachmentStore:
    return AttachmentStore(tmp_path)


class TestWhatIsKeptOfAPhoto:
    async def test_gps_position_camera_and_comments_are_gone_and_the_photo_stands_upright(
        self, store: AttachmentStore
    ) -> None:
        """Taken in portrait: stored 640 wide, 480 high, with EXIF orientation 6 (turn 90°)."""
        sent = images.jpeg(640, 480, gps=True, orientation=6)
        photo = await store.check_photo(sent)
        kept = Image.open(io.BytesIO(photo.content))
        assert kept.size == (480, 640)
        assert dict(kept.getexif()) == {}
        assert not {"exif", "icc_profile", "comment", "xmp"} & set(kept.info)
        for trace in (b"KameraPonsel", b"SN-1234567", b"lokasi rumah warga", b"Exif"):
            assert trace not in photo.content

    async def test_a_large_photo_is_scaled_down_to_4096_pixels_on_its_longer_side(
        self, store: AttachmentStore
    ) -> None:
        photo = await store.check_photo(images.jpeg(6000, 3000))
        assert (photo.width, photo.height) == (4096, 2048)
        assert photo.content_type == "image/jpeg"

    async def test_png_stays_png_and_webp_becomes_jpeg(self, store: AttachmentStore) -> None:
        webp = io.BytesIO()
        Image.new("RGB", (300, 200), (10, 90, 200)).save(webp, format="WEBP")
        assert (await store.check_photo(images.png())).content_type == "image/png"
        assert (await store.check_photo(webp.getvalue())).content_type == "image/jpeg"

    @pytest.mark.parametrize(
        ("content", "reason"),
        [
            (images.disguised(), "type"),
            (b"GIF89a" + b"\x00" * 64, "type"),
            (images.jpeg()[:1500], "damaged"),
        ],
        ids=["starts-like-a-jpeg", "another-format", "truncated"],
    )
    async def test_what_is_not_a_whole_photo_is_refused(
        self, store: AttachmentStore, content: bytes, reason: str
    ) -> None:
        with pytest.raises(AttachmentRejectedError) as refused:
            await store.check_photo(content)
        assert refused.value.reason == reason

    @pytest.mark.parametrize("side", [7000, 30000], ids=["49-megapixels", "900-megapixels"])
    async def test_a_png_claiming_too_many_pixels_is_refused_before_it_is_decoded(
        self, store: AttachmentStore, side: int
    ) -> None:
        bomb = images.png_claiming(side, side)
        assert len(bomb) < 200_000
        started = time.perf_counter()
        with pytest.raises(AttachmentRejectedError) as refused:
            await store.check_photo(bomb)
        assert refused.value.reason == "dimensions"
        assert time.perf_counter() - started < 0.5, "only the header was read"

    async def test_checking_writes_nothing(self, store: AttachmentStore, tmp_path: Path) -> None:
        await store.check_photo(images.jpeg())
        assert not (tmp_path / "attachments").exists()


async def send_photo(citizen: Citizen, photo: CheckedPhoto, caption: str | None = None) -> str:
    return await citizen.says(caption, content_type=ContentType.PHOTO, photo=photo)


async def distinct_photos(store: AttachmentStore, count: int) -> list[CheckedPhoto]:
    return [await store.check_photo(images.jpeg(colour=(10 * n, 100, 200))) for n in range(count)]


class TestPhotosAreWrittenOnlyWhenKept:
    async def test_the_sixth_photo_of_a_complaint_is_refused_and_never_written(
        self, citizen: Citizen, tmp_path: Path
    ) -> None:
        photos = await distinct_photos(citizen.engine.deps.attachments, 6)
        await citizen.send(choice="menu:complaint")
        await citizen.send(choice="cat:jalan-drainase")
        for photo in photos[:5]:
            assert "akan dilampirkan" in await send_photo(citizen, photo)
        reply = await send_photo(citizen, photos[5])
        assert "satu aduan paling banyak 5 foto" in reply
        assert len(stored_files(tmp_path)) == 5
        assert photos[5].sha256 not in " ".join(path.name for path in stored_files(tmp_path))

    @pytest.mark.usefixtures("permissive_umask")
    async def test_kept_files_are_readable_by_the_service_only(
        self, citizen: Citizen, tmp_path: Path
    ) -> None:
        [photo] = await distinct_photos(citizen.engine.deps.attachments, 1)
        await send_photo(citizen, photo)
        [file] = stored_files(tmp_path)
        assert file.stat().st_mode & 0o777 == 0o600
        assert file.parent.stat().st_mode & 0o777 == 0o700
        assert (tmp_path / "attachments").stat().st_mode & 0o777 == 0o700


class TestDailyQuota:
    async def test_past_the_daily_quota_photos_are_refused_politely_until_the_next_day(
        self, citizen: Citizen, clock: FrozenClock, tmp_path: Path
    ) -> None:
        citizen.engine.deps.settings = BotSettings(max_photos_per_day=3)
        photos = await distinct_photos(citizen.engine.deps.attachments, 5)
        await citizen.send(choice="menu:complaint")
        await citizen.send(choice="cat:jalan-drainase")
        for photo in photos[:2]:
            await send_photo(citizen, photo)
        await citizen.send(choice="cancel")
        await citizen.send(choice="menu:complaint")
        await citizen.send(choice="cat:jalan-drainase")
        assert "(1 foto)" in await send_photo(citizen, photos[2])
        refused = await send_photo(citizen, photos[3])
        assert "Batas 3 foto per hari sudah tercapai" in refused
        assert "mengirim foto lagi besok" in refused
        assert len(stored_files(tmp_path)) == 3

        clock.advance(hours=15)  # Tuesday 00:00 WIB: a new day where the agency is
        assert "(2 foto)" in await send_photo(citizen, photos[4])
        assert len(stored_files(tmp_path)) == 4

    async def test_another_citizen_has_a_quota_of_their_own(
        self, citizen: Citizen, another_citizen: Citizen
    ) -> None:
        citizen.engine.deps.settings = BotSettings(max_photos_per_day=1)
        first, second = await distinct_photos(citizen.engine.deps.attachments, 2)
        await send_photo(citizen, first)
        assert "tidak dapat kami terima" in await send_photo(citizen, second)
        assert "fotonya sudah kami terima" in await send_photo(another_citizen, second)
