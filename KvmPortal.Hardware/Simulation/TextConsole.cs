using System.Text;

namespace KvmPortal.Hardware.Simulation;

/// <summary>A character-cell screen with a cursor, line wrap and scrolling. Not thread-safe: the owner locks.</summary>
internal sealed class TextConsole
{
    private readonly char[] _chars;
    private readonly byte[] _colors;

    public TextConsole(int columns, int rows)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(columns, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 1);
        Columns = columns;
        Rows = rows;
        _chars = new char[columns * rows];
        _colors = new byte[columns * rows];
        Clear();
    }

    public int Columns { get; }

    public int Rows { get; }

    public int CursorColumn { get; private set; }

    public int CursorRow { get; private set; }

    public char CharAt(int column, int row) => _chars[(row * Columns) + column];

    public byte ColorAt(int column, int row) => _colors[(row * Columns) + column];

    public void Clear()
    {
        Array.Fill(_chars, ' ');
        Array.Fill(_colors, ConsolePalette.Gray);
        CursorColumn = 0;
        CursorRow = 0;
    }

    public void Write(string text, byte color)
    {
        foreach (var c in text)
        {
            if (c == '\n')
            {
                NewLine();
            }
            else
            {
                Put(c, color);
            }
        }
    }

    public void WriteLine(string text, byte color)
    {
        Write(text, color);
        NewLine();
    }

    public void Put(char c, byte color)
    {
        if (CursorColumn >= Columns)
        {
            NewLine();
        }

        var index = (CursorRow * Columns) + CursorColumn;
        _chars[index] = c is >= ConsoleFont.FirstChar and <= ConsoleFont.LastChar ? c : '?';
        _colors[index] = color;
        CursorColumn++;
    }

    /// <summary>Moves the cursor to the start of the next line, scrolling when it leaves the screen.</summary>
    public void NewLine()
    {
        CursorColumn = 0;
        if (CursorRow < Rows - 1)
        {
            CursorRow++;
            return;
        }

        Array.Copy(_chars, Columns, _chars, 0, _chars.Length - Columns);
        Array.Copy(_colors, Columns, _colors, 0, _colors.Length - Columns);
        Array.Fill(_chars, ' ', _chars.Length - Columns, Columns);
        Array.Fill(_colors, ConsolePalette.Gray, _colors.Length - Columns, Columns);
    }

    /// <summary>Erases the cell before the cursor (wrapping back to the previous line) and moves the cursor there.</summary>
    public void Backspace()
    {
        if (CursorColumn == 0)
        {
            if (CursorRow == 0)
            {
                return;
            }

            CursorRow--;
            CursorColumn = Columns;
        }

        CursorColumn--;
        _chars[(CursorRow * Columns) + CursorColumn] = ' ';
    }

    public string[] GetLines()
    {
        var lines = new string[Rows];
        for (var row = 0; row < Rows; row++)
        {
            lines[row] = new string(_chars, row * Columns, Columns).TrimEnd();
        }

        return lines;
    }

    public string GetText()
    {
        var lines = GetLines();
        var last = lines.Length - 1;
        while (last > 0 && lines[last].Length == 0)
        {
            last--;
        }

        var builder = new StringBuilder();
        for (var i = 0; i <= last; i++)
        {
            builder.Append(lines[i]);
            if (i < last)
            {
                builder.Append('\n');
            }
        }

        return builder.ToString();
    }
}
