"""Spreadsheet uploads and downloads shared by the routes (the kit's, named where the routes look)."""

from emutrack_kit.spreadsheets import read_spreadsheet, xlsx_response

__all__ = ["read_spreadsheet", "xlsx_response"]
