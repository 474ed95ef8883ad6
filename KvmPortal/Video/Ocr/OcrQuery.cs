namespace KvmPortal.Video.Ocr;

/// <summary>The validated OCR parameters of a snapshot request (sides as given: negative means the frame's edge).</summary>
public readonly record struct OcrQuery(IReadOnlyList<string> Langs, int Left, int Top, int Right, int Bottom);
