package io.tributary.e2e.support;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Real file systems a test mounts under its own directories, to give a broker a disk that fills up or fails: a small
 * tmpfs, or an ext4 image on a loop device. It needs root (CI runs as root); a command that is not permitted fails
 * the test with what it printed, never skips it.
 */
public final class Mounts {

    private Mounts() {
    }

    /** Mounts a tmpfs of {@code size} (as {@code mount} takes it: {@code 40m}) on {@code dir}, created if missing. */
    public static void tmpfs(Path dir, String size) {
        createDirectories(dir);
        run("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", dir.toString());
    }

    /** Changes the options of the file system mounted on {@code dir} ({@code size=80m} for a tmpfs). */
    public static void remount(Path dir, String options) {
        run("mount", "-o", "remount," + options, dir.toString());
    }

    /**
     * Makes a fresh ext4 file system of {@code megabytes} in {@code image} and mounts it on {@code dir} through a loop
     * device, with {@code errors=remount-ro}: the kernel turns it read-only at its first error, open files included.
     */
    public static void ext4Image(Path image, int megabytes, Path dir) {
        try (RandomAccessFile file = new RandomAccessFile(image.toFile(), "rw")) {
            file.setLength(megabytes * 1024L * 1024L);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        run("mkfs.ext4", "-q", "-F", image.toString());
        mountExt4(image, dir);
    }

    /** Mounts an ext4 image made by {@link #ext4Image} again, after {@link #unmount}. */
    public static void mountExt4(Path image, Path dir) {
        createDirectories(dir);
        run("mount", "-o", "loop,errors=remount-ro", image.toString(), dir.toString());
    }

    /**
     * Makes the ext4 file system on {@code dir} fail as a disk error does: ext4 records an error and, as mounted with
     * {@code errors=remount-ro}, refuses every write from then on with EROFS, to files already open too, while reads
     * go on. ({@code mount -o remount,ro} cannot do this to a directory in use: the kernel refuses it with "mount
     * point is busy" while any file is open for writing, as a broker's segments are.)
     */
    public static void failExt4(Path dir) {
        String device = Path.of(source(dir)).getFileName().toString();
        Path trigger = Path.of("/sys/fs/ext4", device, "trigger_fs_error");
        try {
            Files.writeString(trigger, "1");
        } catch (IOException e) {
            throw new AssertionError("cannot trigger an ext4 error through " + trigger + ": " + e, e);
        }
    }

    /** Unmounts {@code dir}; a loop device goes with it. */
    public static void unmount(Path dir) {
        run("umount", dir.toString());
    }

    /** The device or file system source mounted on {@code dir}, from {@code /proc/mounts}. */
    public static String source(Path dir) {
        String target = dir.toAbsolutePath().normalize().toString();
        try {
            for (String line : Files.readAllLines(Path.of("/proc/mounts"), StandardCharsets.UTF_8)) {
                String[] fields = line.split(" ");
                if (fields.length > 2 && fields[1].equals(target)) {
                    return fields[0];
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new AssertionError("nothing is mounted on " + target);
    }

    private static void createDirectories(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void run(String... command) {
        List<String> line = new ArrayList<>(List.of(command));
        try {
            Process process = new ProcessBuilder(line).redirectErrorStream(true).start();
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", line) + " did not finish within 60 s");
            }
            if (process.exitValue() != 0) {
                throw new AssertionError(String.join(" ", line) + " failed with exit code " + process.exitValue() + ": "
                        + output + " (the disk fault tests need root and permission to mount file systems)");
            }
        } catch (IOException e) {
            throw new AssertionError("cannot run " + String.join(" ", line)
                    + " (the disk fault tests need util-linux's mount and e2fsprogs' mkfs.ext4): " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running " + String.join(" ", line), e);
        }
    }
}
