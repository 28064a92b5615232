namespace EdgeSound.Edge.Tests.Pipeline;

/// <summary>
/// A read-only stream over another that signals <see cref="ReadEntered"/> each time a read begins,
/// so a test knows a reading thread has reached the (possibly blocking) stream read instead of
/// guessing with a sleep.
/// </summary>
internal sealed class ReadSignallingStream(Stream inner) : Stream
{
    /// <summary>Set when a read has been entered (before it is handed to the inner stream).</summary>
    public ManualResetEventSlim ReadEntered { get; } = new();

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count)
    {
        ReadEntered.Set();
        return inner.Read(buffer, offset, count);
    }

    public override int Read(Span<byte> buffer)
    {
        ReadEntered.Set();
        return inner.Read(buffer);
    }

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        // The event is left undisposed: an abandoned reader may still set it when its read returns.
        if (disposing) inner.Dispose();
        base.Dispose(disposing);
    }
}
