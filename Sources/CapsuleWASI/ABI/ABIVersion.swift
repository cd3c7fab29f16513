/// Which snapshot's memory layouts a call uses: `wasi_snapshot_preview1`, or the older
/// `wasi_unstable` (preview 0), whose `whence` values, `filestat` and clock subscriptions differ.
public enum WASIABI: Sendable, Equatable {
    /// `wasi_snapshot_preview1`.
    case preview1
    /// `wasi_unstable`.
    case unstable
}
