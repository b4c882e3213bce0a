"""Office mode (issue 5): bundle import with report and receipts, conflicts, review status,
dashboard with charts, data exports, enrolled devices and assignment packs.

The pages are dumb views over the services (``SyncService``, ``ReviewService``,
``OfficeService``); database and file work runs on the DB lane through
:class:`assessor_app.ui.tasks.Op`. ``MainWindow`` shows them when "Mode kantor" is on.
"""
