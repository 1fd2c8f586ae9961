"""Documents: a plain document model (app/documents/model.py) rendered to PDF (ReportLab) and DOCX (python-docx).

Modules build a model object and call ``app.documents.render.render(doc, path)``; they never touch ReportLab.
"""
